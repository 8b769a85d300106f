namespace InstructLab.Aspire.Contracts.Messages;

/// <summary>A published model was removed (lab model rm): serving stops answering to <see cref="ModelId"/>; running requests finish.</summary>
public sealed record ModelRemoved
{
    /// <summary>The id clients used.</summary>
    public required string ModelId { get; init; }

    /// <summary>When it was removed.</summary>
    public required DateTimeOffset RemovedAt { get; init; }
}
