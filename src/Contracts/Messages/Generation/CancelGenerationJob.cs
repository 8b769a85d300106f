namespace InstructLab.Aspire.Contracts.Messages.Generation;

/// <summary>Stop a job: batches not yet started are skipped and nothing is mixed.</summary>
public sealed record CancelGenerationJob
{
    /// <summary>The job (the correlation id of its state machine).</summary>
    public required Guid JobId { get; init; }

    /// <summary>When the cancellation was asked for.</summary>
    public required DateTimeOffset RequestedAt { get; init; }
}
