using MassTransit;

namespace InstructLab.Aspire.Training.Api.Cycles;

/// <summary>A LAB cycle as its state machine keeps it in Redis.</summary>
public sealed class CycleSaga : SagaStateMachineInstance, ISagaVersion
{
    public Guid CorrelationId { get; set; }

    public int Version { get; set; }

    public string CurrentState { get; set; } = "";

    public string Name { get; set; } = "";

    public string PlanKey { get; set; } = "";

    public string Taxonomy { get; set; } = "";

    public string Base { get; set; } = "";

    public string Student { get; set; } = "";

    public string? ReplayDataset { get; set; }

    public string OutputModelId { get; set; } = "";

    public int ModelVersion { get; set; }

    public Guid GenerationJobId { get; set; }

    public Guid? TrainingJobId { get; set; }

    /// <summary>The evaluation stage's evaluations, once it has started them.</summary>
    public List<Guid> EvaluationIds { get; set; } = [];

    public bool EvaluationsStarted { get; set; }

    /// <summary>Jobs of the current stage that have ended (they may end before the stage's start is recorded).</summary>
    public List<Guid> EndedJobs { get; set; } = [];

    public List<StageTime> Stages { get; set; } = [];

    public string? ReportKey { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }
}

/// <summary>When a stage started and ended (null while it runs).</summary>
public sealed record StageTime(string Stage, DateTimeOffset StartedAt, DateTimeOffset? EndedAt);
