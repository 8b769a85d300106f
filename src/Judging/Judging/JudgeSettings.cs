namespace InstructLab.Aspire.Judging;

/// <summary>How judge calls are made.</summary>
public sealed record JudgeSettings
{
    /// <summary>Characters of explanation the judge may write (its answer's token budget follows from it).</summary>
    public int MaxExplanationLength { get; init; } = 600;

    /// <summary>0 judges greedily: the same input gets the same judgment.</summary>
    public float Temperature { get; init; }
}
