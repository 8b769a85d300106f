namespace InstructLab.Aspire.Contracts.Messages;

/// <summary>
/// A generation job, training job or evaluation reached its end state. Published by its state machine once it ends
/// (at least once: a consumer keys on <see cref="JobId"/>); what a completed job made is asked of its service.
/// </summary>
public sealed record JobEnded
{
    /// <summary>The job (the correlation id of its state machine).</summary>
    public required Guid JobId { get; init; }

    /// <summary>The service that ran it: generation, training or judging (evaluations).</summary>
    public required string Service { get; init; }

    /// <summary>How it ended.</summary>
    public required JobOutcome Outcome { get; init; }

    /// <summary>Why it failed; null otherwise.</summary>
    public string? Error { get; init; }
}

/// <summary>How a job ended.</summary>
public enum JobOutcome
{
    /// <summary>It did all its work.</summary>
    Completed,
    /// <summary>It stopped on an error.</summary>
    Failed,
    /// <summary>It was stopped on request.</summary>
    Cancelled,
}
