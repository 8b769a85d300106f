namespace InstructLab.Aspire.Contracts.Messages.Cycles;

/// <summary>A LAB cycle was accepted and its generation job submitted; the cycle's state machine follows it from here.</summary>
public sealed record CycleSubmitted
{
    /// <summary>The cycle (the correlation id of its state machine).</summary>
    public required Guid CycleId { get; init; }

    /// <summary>Shown in lists and reports.</summary>
    public required string Name { get; init; }

    /// <summary>The cycle's plan in the artifact store (<c>cycles/&lt;cycle&gt;/plan.json</c>).</summary>
    public required string PlanKey { get; init; }

    /// <summary>The taxonomy as the user named it (a path or git URL without credentials).</summary>
    public required string Taxonomy { get; init; }

    /// <summary>The git ref the changed leaves were found against (or "empty").</summary>
    public required string Base { get; init; }

    /// <summary>The model the cycle trains: the student, or the output id's newest version ("id (version N)").</summary>
    public required string Student { get; init; }

    /// <summary>The id the trained model is published as.</summary>
    public required string OutputModelId { get; init; }

    /// <summary>The earlier cycle's phase-2 file replayed into this cycle's data; null: none.</summary>
    public string? ReplayDataset { get; init; }

    /// <summary>The generation job of the cycle's first stage (already submitted).</summary>
    public required Guid GenerationJobId { get; init; }

    /// <summary>When the cycle was accepted.</summary>
    public required DateTimeOffset SubmittedAt { get; init; }
}
