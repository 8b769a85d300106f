namespace InstructLab.Aspire.Contracts.Messages.Cycles;

/// <summary>
/// Starts a stage of a cycle (training, evaluation or the report) on a training-service instance. Idempotent: the
/// stage's job ids derive from the cycle's, so a repeated message finds the jobs it already started.
/// </summary>
public sealed record RunCycleStage
{
    /// <summary>The cycle.</summary>
    public required Guid CycleId { get; init; }

    /// <summary>The cycle's plan in the artifact store.</summary>
    public required string PlanKey { get; init; }

    /// <summary>The stage to start.</summary>
    public required CycleStage Stage { get; init; }
}

/// <summary>The stages of a LAB cycle, in order.</summary>
public enum CycleStage
{
    /// <summary>Synthetic data from the changed leaves (generation service).</summary>
    Generate,
    /// <summary>Both training phases on that data with the replay buffer (training service).</summary>
    Train,
    /// <summary>The new model against its base on the changed leaves (judging service).</summary>
    Evaluate,
    /// <summary>The before/after report per leaf.</summary>
    Report,
}
