namespace InstructLab.Aspire.Contracts.Messages.Generation;

/// <summary>
/// One attempt at a batch failed: it ran past its time limit or threw. The batch goes on to the worker's retries and,
/// when they are spent, to its queue's error queue as a <c>Fault</c>; the job counts every attempt that failed.
/// </summary>
public sealed record BatchAttemptFailed
{
    /// <summary>The job (the correlation id of its state machine).</summary>
    public required Guid JobId { get; init; }

    /// <summary>The leaf's position in the plan.</summary>
    public required int LeafIndex { get; init; }

    /// <summary>The batch's position among its leaf's batches.</summary>
    public required int BatchIndex { get; init; }

    /// <summary>1 for the first attempt of this delivery, 2 for its first retry, …</summary>
    public required int Attempt { get; init; }

    /// <summary>True when the attempt was stopped at its time limit.</summary>
    public required bool TimedOut { get; init; }

    /// <summary>What went wrong, for people.</summary>
    public required string Reason { get; init; }
}
