namespace InstructLab.Aspire.Contracts.Messages.Generation;

/// <summary>
/// Run one batch of a job: the rows of one leaf from <see cref="BatchIndex"/> × batch size on, through the leaf's
/// pipeline. Idempotent: the result goes to a key derived from the job, leaf and batch, and a batch whose result is
/// there already is not run again.
/// </summary>
public sealed record GenerateBatch
{
    /// <summary>The job (the correlation id of its state machine).</summary>
    public required Guid JobId { get; init; }

    /// <summary>Key of the job's plan in the artifact store.</summary>
    public required string PlanKey { get; init; }

    /// <summary>The leaf's position in the plan.</summary>
    public required int LeafIndex { get; init; }

    /// <summary>The batch's position among its leaf's batches.</summary>
    public required int BatchIndex { get; init; }

    /// <summary>The job's own limit on one attempt at the batch; the worker's <c>Generation:Workers:MaxBatchTime</c> when null or longer.</summary>
    public TimeSpan? TimeLimit { get; init; }
}
