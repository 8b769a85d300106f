namespace InstructLab.Aspire.Training.Selection;

/// <summary>How the exported weights were chosen: each candidate epoch's score, and the one taken.</summary>
public sealed record EpochSelection
{
    /// <summary>What decided, e.g. "the lowest held-out answer-token loss".</summary>
    public required string Metric { get; init; }

    public required string Phase { get; init; }

    public required int HeldOutSamples { get; init; }

    public required IReadOnlyList<EpochScore> Candidates { get; init; }

    public required int ChosenEpoch { get; init; }

    public required long ChosenStep { get; init; }
}

/// <summary>One epoch-end checkpoint's scores: its held-out loss, and what the evaluation service gave it when asked.</summary>
public sealed record EpochScore(int Epoch, long Step, double Loss)
{
    /// <summary>MT-Bench-branch mean rating (1-10) of the checkpoint's answers.</summary>
    public double? MtBenchBranch { get; init; }

    /// <summary>MMLU-branch accuracy (0-1).</summary>
    public double? MmluBranch { get; init; }
}
