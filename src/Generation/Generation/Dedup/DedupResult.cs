namespace InstructLab.Aspire.Generation.Dedup;

/// <summary>What <see cref="NearDuplicates.Filter"/> kept and dropped.</summary>
public sealed record DedupResult(IReadOnlyList<int> Kept, int ExactDuplicates, int NearDuplicates);
