namespace InstructLab.Aspire.Contracts.Messages.Cycles;

/// <summary>A cycle's stage started these jobs (none: the stage had nothing to do and has ended).</summary>
public sealed record CycleStageStarted
{
    /// <summary>The cycle.</summary>
    public required Guid CycleId { get; init; }

    /// <summary>The stage that started.</summary>
    public required CycleStage Stage { get; init; }

    /// <summary>The jobs it started (their ids derive from the cycle's).</summary>
    public required IReadOnlyList<Guid> JobIds { get; init; }

    /// <summary>The model version the training stage will publish (0 for other stages).</summary>
    public int ModelVersion { get; init; }
}
