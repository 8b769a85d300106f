namespace InstructLab.Aspire.Contracts.Messages.Generation;

/// <summary>The mixer wrote a job's dataset; the job's state machine completes the job and announces it.</summary>
public sealed record DatasetMixed
{
    /// <summary>The job (the correlation id of its state machine).</summary>
    public required Guid JobId { get; init; }

    /// <summary>The dataset's files.</summary>
    public required DatasetKeys Dataset { get; init; }
}
