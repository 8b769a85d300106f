namespace InstructLab.Aspire.Generation.Dedup;

/// <summary>
/// Drops exact duplicates (same words) and near duplicates (ROUGE-L at or above a threshold with a text kept
/// before), keeping the first of each group in the order given. Pairs whose lengths alone keep them below the threshold
/// are never compared.
/// </summary>
public static class NearDuplicates
{
    public const double DefaultThreshold = 0.7;

    /// <summary>The indices of the texts to keep, and how many were exact and near duplicates.</summary>
    public static DedupResult Filter(IReadOnlyList<string> texts, double threshold = DefaultThreshold)
    {
        var exact = new HashSet<string>(StringComparer.Ordinal);
        var kept = new List<(int Index, IReadOnlyList<string> Words)>();
        var (exactDuplicates, nearDuplicates) = (0, 0);
        for (var i = 0; i < texts.Count; i++)
        {
            var words = RougeL.Words(texts[i]);
            if (!exact.Add(string.Join(' ', words)))
            {
                exactDuplicates++;
                continue;
            }
            if (threshold < 1 && kept.Any(k => RougeL.UpperBound(k.Words.Count, words.Count) >= threshold && RougeL.Score(k.Words, words) >= threshold))
            {
                nearDuplicates++;
                continue;
            }
            kept.Add((i, words));
        }
        return new DedupResult([.. kept.Select(k => k.Index)], exactDuplicates, nearDuplicates);
    }
}
