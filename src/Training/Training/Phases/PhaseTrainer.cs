using System.Diagnostics;
using InstructLab.Aspire.Training.Batching;
using InstructLab.Aspire.Training.Checkpoints;
using InstructLab.Aspire.Training.Encoding;
using InstructLab.Aspire.Training.Models;
using InstructLab.Aspire.Training.Optimization;
using InstructLab.Aspire.Training.Progress;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace InstructLab.Aspire.Training.Phases;

/// <summary>
/// Runs one phase: epochs of seeded orders, AdamW (betas 0.9/0.95) with warm-up and cosine decay, gradient-norm
/// clipping at 1.0, checkpoints at epoch ends and every <c>SaveSamples</c> samples, and at the next step boundary
/// when cancelled. Started from a checkpoint it continues exactly where that one stopped.
/// </summary>
internal sealed class PhaseTrainer(LlamaModel model, IReadOnlyList<EncodedSample> samples, PhasePlan plan, TrainingRequest request,
    CheckpointStore store, IProgress<TrainingEvent> progress, Device device)
{
    public CheckpointState Run(string? resumeFrom, CancellationToken cancellationToken)
    {
        var parameters = model.parameters().Where(p => p.requires_grad).ToList();
        var settings = plan.Settings;
        using var optimizer = optim.AdamW(parameters, lr: settings.LearningRate, beta1: 0.9, beta2: 0.95, eps: 1e-8, weight_decay: settings.WeightDecay);
        var state = CheckpointState.Start(plan.Phase);
        if (resumeFrom is not null)
        {
            state = CheckpointStore.ReadState(resumeFrom);
            CheckpointStore.LoadTrainingState(resumeFrom, optimizer);
        }
        else
        {
            manual_seed(request.Seed + plan.Index);
        }
        progress.Report(new PhaseStarted(plan, state.Step));
        using var phaseSpan = TrainingTelemetry.Source.StartActivity($"train {plan.Phase}");
        phaseSpan?.SetTag("training.phase", plan.Phase);
        phaseSpan?.SetTag("training.samples", plan.Samples);
        phaseSpan?.SetTag("training.run", request.RunName);
        var schedule = new LearningRateSchedule(settings.LearningRate, settings.WarmupSteps, plan.TotalSteps);
        var tags = TrainingTelemetry.Tags(plan.Phase, request.RunName);
        var savedAt = state.Step;
        var samplesSinceSave = 0;
        var stepSeconds = 0.0;
        model.train();
        for (var epoch = state.Epoch; epoch < settings.Epochs; epoch++)
        {
            using var epochSpan = TrainingTelemetry.Source.StartActivity($"epoch {epoch + 1}");
            epochSpan?.SetTag("training.epoch", epoch + 1);
            var steps = EpochPlanner.Steps(samples, EpochPlanner.Order(samples.Count, request.Seed, plan.Index, epoch), settings.EffectiveBatchSize, settings.MaxBatchTokens);
            for (var s = epoch == state.Epoch ? state.StepInEpoch : 0; s < steps.Count; s++)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    var path = savedAt == state.Step ? store.Latest(plan.Phase)?.Path ?? store.Root : Save(state with { Epoch = epoch, StepInEpoch = s, EpochEnd = false }, optimizer);
                    throw new TrainingInterruptedException(path);
                }
                var clock = Stopwatch.StartNew();
                var learningRate = schedule.At(state.Step);
                foreach (var group in optimizer.ParamGroups)
                {
                    group.LearningRate = learningRate;
                }
                optimizer.zero_grad();
                var loss = StepGradients.Accumulate(model, samples, steps[s], request.LossReduction, device);
                double norm;
                using (NewDisposeScope())
                {
                    // The optimizer's temporaries go with the scope, not with the garbage collector.
                    norm = nn.utils.clip_grad_norm_(parameters, 1.0);
                    optimizer.step();
                }
                var seconds = clock.Elapsed.TotalSeconds;
                var tokensPerSecond = steps[s].Tokens / Math.Max(seconds, 1e-9);
                stepSeconds = stepSeconds == 0 ? seconds : (0.9 * stepSeconds) + (0.1 * seconds);
                state = state with
                {
                    Step = state.Step + 1,
                    SamplesSeen = state.SamplesSeen + steps[s].Samples,
                    TokensSeen = state.TokensSeen + steps[s].Tokens,
                    Seconds = state.Seconds + seconds,
                    History = [.. state.History, new StepRecord(state.Step + 1, epoch + 1, loss, learningRate, norm, tokensPerSecond)],
                };
                TrainingTelemetry.Loss.Record(loss, tags);
                TrainingTelemetry.LearningRate.Record(learningRate, tags);
                TrainingTelemetry.TokensPerSecond.Record(tokensPerSecond, tags);
                TrainingTelemetry.Samples.Add(steps[s].Samples, tags);
                TrainingTelemetry.Steps.Add(1, tags);
                progress.Report(new StepCompleted(plan.Phase, epoch + 1, settings.Epochs, state.Step, plan.TotalSteps, loss, learningRate, tokensPerSecond,
                    TimeSpan.FromSeconds(stepSeconds * (plan.TotalSteps - state.Step))));
                samplesSinceSave += steps[s].Samples;
                if (settings.SaveSamples > 0 && samplesSinceSave >= settings.SaveSamples && s + 1 < steps.Count)
                {
                    Save(state with { Epoch = epoch, StepInEpoch = s + 1, EpochEnd = false }, optimizer);
                    savedAt = state.Step;
                    samplesSinceSave = 0;
                }
            }
            state = state with { Epoch = epoch + 1, StepInEpoch = 0, EpochEnd = true, PhaseComplete = epoch + 1 == settings.Epochs };
            Save(state, optimizer);
            savedAt = state.Step;
            samplesSinceSave = 0;
        }
        progress.Report(new PhaseCompleted(plan.Phase, state.Step, state.History.LastOrDefault()?.Loss ?? double.NaN));
        return state;
    }

    private string Save(CheckpointState state, OptimizerHelper optimizer)
    {
        var path = store.Save(state, model, optimizer);
        progress.Report(new CheckpointSaved(state.Phase, state.Step, path, state.EpochEnd));
        return path;
    }
}
