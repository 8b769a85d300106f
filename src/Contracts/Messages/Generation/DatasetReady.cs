namespace InstructLab.Aspire.Contracts.Messages.Generation;

/// <summary>
/// A generation job completed and its dataset can be trained on. Published once per job as a rule; a consumer that
/// must not act twice keys on <see cref="JobId"/> (delivery is at least once).
/// </summary>
public sealed record DatasetReady
{
    /// <summary>The job (the correlation id of its state machine).</summary>
    public required Guid JobId { get; init; }

    /// <summary>The job's name, as submitted.</summary>
    public required string Name { get; init; }

    /// <summary>The dataset's files.</summary>
    public required DatasetKeys Dataset { get; init; }

    /// <summary>When the job completed.</summary>
    public required DateTimeOffset CompletedAt { get; init; }
}
