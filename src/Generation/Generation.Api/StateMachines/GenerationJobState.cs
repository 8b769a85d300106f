using InstructLab.Aspire.Contracts.Messages.Generation;
using MassTransit;

namespace InstructLab.Aspire.Generation.Api.StateMachines;

/// <summary>A generation job as its state machine keeps it in Redis: where it stands, per leaf, and which batches are done.</summary>
public sealed class GenerationJobState : SagaStateMachineInstance, ISagaVersion
{
    public Guid CorrelationId { get; set; }

    public int Version { get; set; }

    public string CurrentState { get; set; } = "";

    public string Name { get; set; } = "";

    public string PlanKey { get; set; } = "";

    public long Seed { get; set; }

    public string TeacherModel { get; set; } = "";

    public string TeacherUrl { get; set; } = "";

    public DateTimeOffset SubmittedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public string? Error { get; set; }

    /// <summary>The job's limit on one attempt at a batch; null leaves it to the workers.</summary>
    public TimeSpan? BatchTimeLimit { get; set; }

    /// <summary>Message ids of the <see cref="BatchAttemptFailed"/> counted, so a redelivered one counts once.</summary>
    public HashSet<Guid> FailedAttempts { get; set; } = [];

    /// <summary>The last attempt that failed, for people.</summary>
    public string? LastFailure { get; set; }

    public List<LeafState> Leaves { get; set; } = [];

    /// <summary>"leaf:batch" of every batch counted, so a redelivered <see cref="BatchGenerated"/> counts once.</summary>
    public HashSet<string> DoneBatches { get; set; } = [];

    public DatasetKeys? Dataset { get; set; }

    public static string BatchId(int leaf, int batch) => $"{leaf}:{batch}";

    public bool AllBatchesDone => Leaves.Sum(l => l.Batches) == DoneBatches.Count;
}
