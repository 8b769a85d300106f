using Google.Protobuf.WellKnownTypes;
using InstructLab.Aspire.Contracts.Training.V1;
using InstructLab.Aspire.Training.Api.StateMachines;

namespace InstructLab.Aspire.Training.Api.Jobs;

/// <summary>A job's state as the API shows it: the state machine's part and the worker's live part.</summary>
public static class TrainingViews
{
    public static bool HasEnded(TrainingJobSaga job) =>
        job.CurrentState is nameof(TrainingJobStateMachine.Done) or nameof(TrainingJobStateMachine.Failed) or nameof(TrainingJobStateMachine.Cancelled);

    public static TrainingJob ToProto(TrainingJobSaga job, LiveProgress.StepRecord? step, IReadOnlyList<LiveProgress.CheckpointRecord> checkpoints,
        IReadOnlyList<LiveProgress.ScoreRecord> scores)
    {
        var proto = new TrainingJob
        {
            Id = job.CorrelationId.ToString(),
            Name = job.Name,
            State = State(job.CurrentState),
            SubmittedAt = Timestamp.FromDateTimeOffset(job.SubmittedAt),
            Error = job.Error ?? "",
            BaseModel = job.BaseModel,
            OutputModelId = job.OutputModelId,
            Version = job.ModelVersion,
            Strategy = job.Strategy,
            Attempts = job.Attempts,
            Worker = job.Worker,
            Notices = { job.Notices },
            Phases = { job.Phases.Select(p => new PhasePlan { Phase = p.Phase, Samples = p.Samples, Epochs = p.Epochs, TotalSteps = p.TotalSteps, DataKey = p.DataKey, HeldOutSamples = p.HeldOutSamples }) },
            Checkpoints = { checkpoints.Select(c => c.ToProto()) },
            EpochScores = { scores.Select(s => s.ToProto()) },
            EvaluationIds = { job.EvaluationIds.Select(id => id.ToString()) },
        };
        if (job.FinishedAt is { } finished)
        {
            proto.FinishedAt = Timestamp.FromDateTimeOffset(finished);
        }
        if (step is not null)
        {
            proto.Progress = step.ToProto();
            if (HasEnded(job))
            {
                proto.Progress.EtaSeconds = 0;
            }
        }
        if (job.Model is { } model)
        {
            proto.Model = new PublishedModel
            {
                ModelId = model.ModelId, Version = model.Version, ArtifactKey = model.ArtifactKey, Sha256 = model.Sha256,
                ModelCardKey = model.ModelCardKey, ModelCardMarkdownKey = model.ModelCardMarkdownKey, ReportKey = model.ReportKey,
                ReportMarkdownKey = model.ReportMarkdownKey, CurvesKey = model.CurvesKey, PublishedAt = Timestamp.FromDateTimeOffset(model.PublishedAt),
            };
        }
        return proto;
    }

    private static Contracts.Training.V1.TrainingJobState State(string state) => state switch
    {
        nameof(TrainingJobStateMachine.Queued) => Contracts.Training.V1.TrainingJobState.Queued,
        nameof(TrainingJobStateMachine.Running) => Contracts.Training.V1.TrainingJobState.Running,
        nameof(TrainingJobStateMachine.Cancelling) => Contracts.Training.V1.TrainingJobState.Cancelling,
        nameof(TrainingJobStateMachine.Selecting) or nameof(TrainingJobStateMachine.Publishing) => Contracts.Training.V1.TrainingJobState.Selecting,
        nameof(TrainingJobStateMachine.Done) => Contracts.Training.V1.TrainingJobState.Completed,
        nameof(TrainingJobStateMachine.Failed) => Contracts.Training.V1.TrainingJobState.Failed,
        nameof(TrainingJobStateMachine.Cancelled) => Contracts.Training.V1.TrainingJobState.Cancelled,
        _ => Contracts.Training.V1.TrainingJobState.Unspecified,
    };
}
