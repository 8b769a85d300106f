using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using InstructLab.Aspire.Gguf.Format;
using InstructLab.Aspire.Training.Checkpoints;
using InstructLab.Aspire.Training.Models;
using InstructLab.Aspire.Training.Models.Gguf;
using InstructLab.Aspire.Training.Phases;
using InstructLab.Aspire.Training.Progress;
using InstructLab.Aspire.Training.Reports;
using TorchSharp;
using static TorchSharp.torch;

namespace InstructLab.Aspire.Training;

/// <summary>
/// One training run from a request: checks everything before it writes anything, prepares each phase's data, resumes
/// from the newest complete checkpoint when there is one, runs the phases (knowledge, then skills from the knowledge
/// phase's last weights), exports the GGUF under a temporary name and renames it, then writes the model card and report.
/// </summary>
public static class TrainingRun
{
    public static TrainingResult Run(TrainingRequest request, IProgress<TrainingEvent> progress, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var inputs = TrainingInputs.Prepare(request, progress);
        var device = SelectDevice(request);
        var store = new CheckpointStore(request.CheckpointRoot);

        using var model = LlamaGguf.Load(inputs.File);
        var parameters = model.parameters().Sum(p => p.numel());
        if (request.Lora is { } lora)
        {
            AttachAdapters(model, lora, request.Seed);
        }
        var trained = model.parameters().Where(p => p.requires_grad).Sum(p => p.numel());
        var frozen = model.parameters().Where(p => !p.requires_grad).Sum(p => p.numel());
        CheckMemory(request, inputs, frozen, trained, progress);
        store.Claim(Fingerprint(request, inputs), $"{Path.GetFileName(request.BaseModel)}, {string.Join(" + ", inputs.Phases.Select(p => Path.GetFileName(p.Plan.DataFile)))}");
        model.to(device);

        var (start, resumeFrom) = Resume(store, inputs, model, progress);
        var summaries = new List<PhaseSummary>();
        for (var i = 0; i < inputs.Phases.Count; i++)
        {
            var (plan, samples) = inputs.Phases[i];
            var state = i < start
                ? store.Latest(plan.Phase)!.Value.State
                : new PhaseTrainer(model, samples, plan, request, store, progress, device).Run(i == start ? resumeFrom : null, cancellationToken);
            summaries.Add(Summary(plan, request.DataLabels?.GetValueOrDefault(plan.Phase), inputs.DataHashes[i], state));
        }

        var selection = SelectEpoch(inputs, store, model, device, progress, request.RunName);
        var exportType = request.ExportType ?? (parameters < 100_000_000 ? GgmlType.F32 : GgmlType.F16);
        var metadata = inputs.File.Metadata.Clone();
        if (inputs.DefaultTemplate)
        {
            metadata.Set(GgufKeys.ChatTemplate, GgufValue.Of(Encoding.DefaultChatTemplate.Source));
        }
        var output = Path.GetFullPath(request.Output);
        var candidates = request.CandidateDirectory is { } candidateDirectory
            ? ExportCandidates(request, inputs, store, model, selection, metadata, exportType, candidateDirectory, progress)
            : [];
        progress.Report(new TrainingNotice($"Exporting {request.Output} ({exportType})"));
        foreach (var projections in model.Projections)
        {
            projections.Merge();
        }
        model.to(CPU);
        Export(model, metadata, output, exportType, request.ModelName ?? Path.GetFileNameWithoutExtension(output));

        var card = new ModelCard
        {
            Name = request.ModelName ?? Path.GetFileNameWithoutExtension(output),
            Created = DateTimeOffset.UtcNow,
            Engine = $"InstructLab.Aspire {typeof(TrainingRun).Assembly.GetName().Version?.ToString(3)} (TorchSharp {typeof(torch).Assembly.GetName().Version?.ToString(3)})",
            BaseModel = request.BaseModelLabel ?? Path.GetFullPath(request.BaseModel),
            BaseModelSha256 = inputs.BaseHash,
            Architecture = inputs.Config.Architecture,
            Parameters = parameters,
            TrainedParameters = trained,
            Method = request.Lora is { } l ? $"LoRA r {l.Rank}, alpha {l.Alpha}, dropout {l.Dropout} on {string.Join("/", l.Targets)} (merged)" : "full fine-tuning",
            Lora = request.Lora,
            Strategy = request.Strategy.ToString(),
            ChatTemplate = inputs.TemplateDescription,
            MaxSequenceLength = inputs.MaxSequenceLength,
            LossReduction = request.LossReduction.ToString(),
            Seed = request.Seed,
            Device = device.type.ToString().ToLowerInvariant(),
            ExportType = exportType.ToString(),
            WallSeconds = clock.Elapsed.TotalSeconds,
            Selection = selection,
            Lineage = request.Lineage,
            Phases = summaries,
        };
        return new TrainingResult(ReportWriter.Write(card, output), card) { Candidates = candidates };
    }

    /// <summary>
    /// Everything <see cref="Run"/> checks before it writes anything (model, template, options, every data line, each
    /// phase's encoded samples), without training: what a training job's submit refuses or accepts.
    /// </summary>
    /// <exception cref="TrainingInputException">Naming the file, line or option that is wrong.</exception>
    public static IReadOnlyList<PhasePlan> Check(TrainingRequest request, IProgress<TrainingEvent> progress) =>
        [.. TrainingInputs.Prepare(request, progress).Phases.Select(p => p.Plan)];

    /// <summary>
    /// With held-out samples: scores every epoch-end checkpoint of the last phase on them and loads the best into
    /// <paramref name="model"/> (ties go to the later epoch); without, leaves the last weights.
    /// </summary>
    private static Selection.EpochSelection? SelectEpoch(TrainingInputs inputs, CheckpointStore store, LlamaModel model, Device device, IProgress<TrainingEvent> progress,
        string? run)
    {
        if (inputs.HeldOut.Count == 0)
        {
            return null;
        }
        var plan = inputs.Phases[^1].Plan;
        var candidates = store.EpochEnds(plan.Phase);
        var scores = new List<Selection.EpochScore>();
        foreach (var (path, state) in candidates)
        {
            CheckpointStore.LoadWeights(path, model);
            scores.Add(new Selection.EpochScore(state.Epoch, state.Step, Selection.HeldOutLoss.Of(model, inputs.HeldOut, plan.Settings.MaxBatchTokens, device)));
            var tags = TrainingTelemetry.Tags(plan.Phase, run);
            tags.Add("training.epoch", state.Epoch);
            TrainingTelemetry.HeldOutLoss.Record(scores[^1].Loss, tags);
        }
        if (scores.Count == 0)
        {
            return null;
        }
        var best = scores.Select((s, i) => (s, i)).OrderBy(x => x.s.Loss).ThenByDescending(x => x.i).First();
        foreach (var score in scores)
        {
            progress.Report(new EpochScored(plan.Phase, score.Epoch, score.Step, score.Loss, score == best.s));
        }
        CheckpointStore.LoadWeights(candidates[best.i].Path, model);
        return new Selection.EpochSelection
        {
            Metric = "the lowest held-out answer-token loss",
            Phase = plan.Phase,
            HeldOutSamples = inputs.HeldOut.Count,
            Candidates = scores,
            ChosenEpoch = best.s.Epoch,
            ChosenStep = best.s.Step,
        };
    }

    /// <summary>
    /// The last phase's last epoch-end checkpoints as <c>epoch-N.gguf</c> (adapters folded into the weights, still
    /// attached, so the next checkpoint loads), the chosen weights loaded back at the end; none with fewer than two.
    /// </summary>
    private static IReadOnlyList<CandidateExport> ExportCandidates(TrainingRequest request, TrainingInputs inputs, CheckpointStore store, LlamaModel model,
        Selection.EpochSelection? selection, GgufMetadata metadata, GgmlType exportType, string directory, IProgress<TrainingEvent> progress)
    {
        var phase = inputs.Phases[^1].Plan.Phase;
        var checkpoints = store.EpochEnds(phase);
        if (checkpoints.Count < 2)
        {
            // One epoch end is no choice: the output is that checkpoint, and a copy of it would only cost disk.
            return [];
        }
        var device = model.parameters().First().device;
        var exported = new List<CandidateExport>();
        Directory.CreateDirectory(directory);
        foreach (var (path, state) in checkpoints.TakeLast(Math.Max(1, request.MaxCandidates)))
        {
            var file = Path.Combine(Path.GetFullPath(directory), $"epoch-{state.Epoch}.gguf");
            progress.Report(new TrainingNotice($"Exporting candidate {phase} epoch {state.Epoch} to {file} ({exportType})"));
            CheckpointStore.LoadWeights(path, model);
            foreach (var projections in model.Projections)
            {
                projections.FoldAdapters();
            }
            model.to(CPU);
            Export(model, metadata, file, exportType, $"{request.ModelName ?? Path.GetFileNameWithoutExtension(request.Output)} epoch {state.Epoch}");
            model.to(device);
            var loss = selection?.Candidates.FirstOrDefault(c => c.Step == state.Step)?.Loss ?? double.NaN;
            exported.Add(new CandidateExport(phase, state.Epoch, state.Step, file, loss));
        }
        var chosen = selection is null ? checkpoints.LastOrDefault() : checkpoints.FirstOrDefault(c => c.State.Step == selection.ChosenStep);
        if (chosen.Path is not null)
        {
            CheckpointStore.LoadWeights(chosen.Path, model);
        }
        return exported;
    }

    /// <summary>A GGUF under a temporary name, renamed when whole.</summary>
    private static void Export(LlamaModel model, GgufMetadata metadata, string output, GgmlType exportType, string name)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var partial = output + ".partial";
        LlamaGguf.Export(model, metadata, partial, exportType, name);
        File.Move(partial, output, overwrite: true);
    }

    internal static void AttachAdapters(LlamaModel model, LoraSettings lora, int seed)
    {
        foreach (var parameter in model.parameters())
        {
            parameter.requires_grad = false;
        }
        manual_seed(seed);
        foreach (var projections in model.Projections)
        {
            foreach (var target in lora.Targets.Where(t => projections.Names.Contains(t)))
            {
                projections.Attach(target, lora.Rank, lora.Alpha, lora.Dropout);
            }
        }
    }

    private static Device SelectDevice(TrainingRequest request)
    {
        if (request.Threads > 0)
        {
            set_num_threads(request.Threads);
        }
        return request.Device switch
        {
            "cpu" => CPU,
            "cuda" when cuda.is_available() => CUDA,
            "cuda" => throw new TrainingInputException("--device cuda: no CUDA device (build with -p:TorchBackend=cuda on a machine with an NVIDIA GPU; see docs/training.md)."),
            var other => throw new TrainingInputException($"--device '{other}': allowed are cpu, cuda."),
        };
    }

    private static void CheckMemory(TrainingRequest request, TrainingInputs inputs, long frozen, long trained, IProgress<TrainingEvent> progress)
    {
        var batchTokens = inputs.Phases.Max(p => p.Plan.Settings.MaxBatchTokens);
        var longest = inputs.Phases.Max(p => p.Samples.Max(s => s.Length));
        var estimate = MemoryEstimate.For(inputs.Config, frozen, trained, batchTokens, longest);
        var available = MemoryEstimate.Available();
        progress.Report(new TrainingNotice(
            $"Memory: ≈ {MemoryEstimate.Format(estimate.TotalBytes)} ({MemoryEstimate.Format(estimate.WeightBytes)} weights, gradients and AdamW state for {trained:N0} trained parameters, {frozen:N0} frozen; {MemoryEstimate.Format(estimate.ActivationBytes)} activations at {batchTokens} tokens a micro-batch); {MemoryEstimate.Format(available)} available."));
        if (estimate.TotalBytes > available && !request.SkipMemoryCheck && request.Device == "cpu")
        {
            throw new TrainingInputException(
                $"training needs ≈ {MemoryEstimate.Format(estimate.TotalBytes)} but {MemoryEstimate.Format(available)} is available: lower --max-batch-tokens, use --lora-rank, or pass --skip-memory-check to try anyway.");
        }
    }

    /// <summary>The phase to start at and the checkpoint to continue from; loads the weights the run continues with.</summary>
    private static (int Start, string? ResumeFrom) Resume(CheckpointStore store, TrainingInputs inputs, LlamaModel model, IProgress<TrainingEvent> progress)
    {
        for (var i = inputs.Phases.Count - 1; i >= 0; i--)
        {
            if (store.Latest(inputs.Phases[i].Plan.Phase) is not { } latest)
            {
                continue;
            }
            CheckpointStore.LoadWeights(latest.Path, model);
            progress.Report(new TrainingNotice($"Resuming from {latest.Path} ({latest.State.Phase}, step {latest.State.Step})."));
            return latest.State.PhaseComplete ? (i + 1, null) : (i, latest.Path);
        }
        return (0, null);
    }

    private static PhaseSummary Summary(PhasePlan plan, string? dataLabel, string dataHash, CheckpointState state) => new()
    {
        Phase = plan.Phase,
        DataFile = dataLabel ?? Path.GetFullPath(plan.DataFile),
        DataSha256 = dataHash,
        Lines = plan.Lines,
        BadLines = plan.BadLines,
        Samples = plan.Samples,
        Dropped = plan.Dropped.ToDictionary(d => PhaseData.Describe(d.Key), d => d.Value),
        Settings = plan.Settings,
        Warnings = plan.Warnings,
        Steps = state.Step,
        SamplesSeen = state.SamplesSeen,
        TokensSeen = state.TokensSeen,
        FirstLoss = state.History.FirstOrDefault()?.Loss ?? double.NaN,
        FinalLoss = state.History.LastOrDefault()?.Loss ?? double.NaN,
        Seconds = state.Seconds,
        History = state.History,
    };

    /// <summary>What makes two runs the same run: model, data, and every option that changes the numbers.</summary>
    private static string Fingerprint(TrainingRequest request, TrainingInputs inputs)
    {
        var identity = new
        {
            inputs.BaseHash,
            inputs.DataHashes,
            Phases = inputs.Phases.Select(p => p.Plan.Settings).ToList(),
            Strategy = request.Strategy.ToString(),
            request.Lora,
            request.Seed,
            inputs.MaxSequenceLength,
            request.MinSequenceLength,
            request.ChatTemplate,
            LossReduction = request.LossReduction.ToString(),
            request.SkipBadLines,
            request.HeldOutFraction,
        };
        return Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(identity)));
    }
}
