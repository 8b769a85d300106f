using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Contracts.Messages.Training;
using InstructLab.Aspire.Hosting.Sagas;
using InstructLab.Aspire.Training.Api.Jobs;
using InstructLab.Aspire.Training.Api.StateMachines;
using InstructLab.Aspire.Training.Api.Workers;
using InstructLab.Aspire.Training.Reports;
using MassTransit;
using Microsoft.Extensions.Options;

namespace InstructLab.Aspire.Training.Api.Candidates;

/// <summary>
/// Publishes the candidate <see cref="CandidateChoice"/> picks as the job's model: its GGUF with the run's model card
/// and report rewritten to name every candidate's scores and what decided. Publishing again (a repeated delivery)
/// writes the same files under the same version.
/// </summary>
public sealed partial class PublishTrainingCandidateConsumer(
    RedisSagaStore<TrainingJobSaga> states, CandidateFiles files, ModelPublisher publisher, LiveProgress live, IArtifactStore store,
    IOptions<TrainingOptions> options, ILogger<PublishTrainingCandidateConsumer> logger) : IConsumer<PublishTrainingCandidate>
{
    public async Task Consume(ConsumeContext<PublishTrainingCandidate> context)
    {
        var work = context.Message;
        var job = await states.LoadAsync(work.JobId);
        if (job is null || TrainingViews.HasEnded(job))
        {
            return;
        }
        var plan = await store.ReadJsonAsync<TrainingPlan>(work.PlanKey, context.CancellationToken);
        var chosen = CandidateChoice.Choose(work.Candidates);
        var folder = Path.Combine(options.Value.WorkDirectory, "publish", work.JobId.ToString("N"));
        try
        {
            var (model, card) = await files.FetchAsync(work.JobId, chosen, folder, context.CancellationToken);
            card = card with
            {
                Selection = new Selection.EpochSelection
                {
                    Metric = CandidateChoice.Describe(work.Candidates, work.Judge),
                    Phase = chosen.Phase,
                    HeldOutSamples = card.Selection?.HeldOutSamples ?? 0,
                    Candidates = [.. work.Candidates.Select(c => new Selection.EpochScore(c.Epoch, c.Step, c.HeldOutLoss ?? double.NaN)
                    {
                        MtBenchBranch = c.MtBenchBranch, MmluBranch = c.MmluBranch,
                    })],
                    ChosenEpoch = chosen.Epoch,
                    ChosenStep = chosen.Step,
                },
            };
            var artifacts = ReportWriter.Write(card, model);
            Record(work.JobId, work.Candidates);
            await live.SetScoresAsync(work.JobId, [.. work.Candidates.Select(c =>
                new LiveProgress.ScoreRecord(c.Phase, c.Epoch, c.Step, c.HeldOutLoss ?? double.NaN, c == chosen) { MtBenchBranch = c.MtBenchBranch, MmluBranch = c.MmluBranch })]);
            var published = await publisher.PublishAsync(plan, artifacts, context, context.CancellationToken);
            await context.Publish(new TrainingJobCompleted { JobId = work.JobId, Model = published });
            LogPublished(work.JobId, chosen.Phase, chosen.Epoch, plan.OutputModelId, plan.ModelVersion, card.Selection.Metric);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>Each candidate's scores as the <c>training.checkpoint_score</c> gauge the dashboard charts, beside the job's loss curves.</summary>
    private static void Record(Guid job, IReadOnlyList<TrainingCandidate> candidates)
    {
        foreach (var candidate in candidates)
        {
            foreach (var (benchmark, score) in new[] { (CandidateScoring.MtBenchBranch, candidate.MtBenchBranch), (CandidateScoring.MmluBranch, candidate.MmluBranch) })
            {
                if (score is { } value)
                {
                    var tags = TrainingTelemetry.Tags(candidate.Phase, job.ToString());
                    tags.Add("training.epoch", candidate.Epoch);
                    tags.Add("evaluation.benchmark", benchmark);
                    TrainingTelemetry.CheckpointScore.Record(value, tags);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Training job {Job}: {Phase} epoch {Epoch} published as {Model} version {Version}, chosen by {Metric}")]
    private partial void LogPublished(Guid job, string phase, int epoch, string model, int version, string metric);
}

public sealed class PublishTrainingCandidateConsumerDefinition : ConsumerDefinition<PublishTrainingCandidateConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<PublishTrainingCandidateConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)));
    }
}
