namespace InstructLab.Aspire.Training.Selection;

/// <summary>How the exported weights were chosen: each candidate epoch's score, and the one taken.</summary>
public sealed record EpochSelection
{
    /// <summary>What decided, e.g. "held-out answer-token loss (lower is better)".</summary>
    public required string Metric { get; init; }

    public required string Phase { get; init; }

    public required int HeldOutSamples { get; init; }

    public required IReadOnlyList<EpochScore> Candidates { get; init; }

    public required int ChosenEpoch { get; init; }

    public required long ChosenStep { get; init; }
}

/// <summary>One epoch-end checkpoint's score.</summary>
public sealed record EpochScore(int Epoch, long Step, double Loss);
