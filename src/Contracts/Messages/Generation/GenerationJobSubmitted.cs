namespace InstructLab.Aspire.Contracts.Messages.Generation;

/// <summary>
/// A generation job was accepted: its plan (leaves, rows, pipelines, settings) is in the artifact store under
/// <see cref="PlanKey"/>; the job's state machine sends one <see cref="GenerateBatch"/> per planned batch.
/// </summary>
public sealed record GenerationJobSubmitted
{
    /// <summary>The job (the correlation id of its state machine).</summary>
    public required Guid JobId { get; init; }

    /// <summary>The job's name, as submitted.</summary>
    public required string Name { get; init; }

    /// <summary>Key of the job's plan in the artifact store.</summary>
    public required string PlanKey { get; init; }

    /// <summary>The leaves in plan order, with the size of their work.</summary>
    public required IReadOnlyList<PlannedLeaf> Leaves { get; init; }

    /// <summary>The job's seed; every sampling seed derives from it.</summary>
    public required long Seed { get; init; }

    /// <summary>The teacher's model id.</summary>
    public required string TeacherModel { get; init; }

    /// <summary>The teacher's URL without credentials.</summary>
    public required string TeacherUrl { get; init; }

    /// <summary>When the job was accepted.</summary>
    public required DateTimeOffset SubmittedAt { get; init; }

    /// <summary>The job's limit on one attempt at a batch (its <c>max_batch_seconds</c>); null leaves it to the workers.</summary>
    public TimeSpan? BatchTimeLimit { get; init; }
}
