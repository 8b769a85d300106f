namespace InstructLab.Aspire.Contracts.Messages.Cycles;

/// <summary>
/// One job of a cycle's stage ended (from its service's <see cref="JobEnded"/>), or the stage itself ended without
/// a job: refused at start, or the report written.
/// </summary>
public sealed record CycleStageEnded
{
    /// <summary>The cycle.</summary>
    public required Guid CycleId { get; init; }

    /// <summary>The stage the job belongs to.</summary>
    public required CycleStage Stage { get; init; }

    /// <summary>The stage's job that ended; <see cref="Guid.Empty"/> when the stage ended as a whole.</summary>
    public Guid JobId { get; init; }

    /// <summary>How the job (or the stage) ended.</summary>
    public required JobOutcome Outcome { get; init; }

    /// <summary>Why it failed; null otherwise.</summary>
    public string? Error { get; init; }

    /// <summary>The report's key, for the report stage.</summary>
    public string? ReportKey { get; init; }
}
