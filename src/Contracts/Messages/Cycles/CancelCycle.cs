namespace InstructLab.Aspire.Contracts.Messages.Cycles;

/// <summary>Stops a cycle: its running job is cancelled (keeping what it made so far) and no later stage starts.</summary>
public sealed record CancelCycle
{
    /// <summary>The cycle to stop.</summary>
    public required Guid CycleId { get; init; }
}
