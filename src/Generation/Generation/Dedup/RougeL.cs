using System.Text;

namespace InstructLab.Aspire.Generation.Dedup;

/// <summary>
/// ROUGE-L between two texts: the F-measure of their longest common subsequence of words (lower-cased letters and
/// digits), as Self-Instruct uses it to drop near-duplicate instructions.
/// </summary>
public static class RougeL
{
    public static double Score(string a, string b) => Score(Words(a), Words(b));

    /// <summary>F-measure of the LCS; 1 for two empty texts.</summary>
    public static double Score(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return a.Count == b.Count ? 1 : 0;
        }
        return 2.0 * LongestCommonSubsequence(a, b) / (a.Count + b.Count);
    }

    /// <summary>The most <see cref="Score"/> two texts of these lengths can reach.</summary>
    public static double UpperBound(int lengthA, int lengthB) =>
        lengthA + lengthB == 0 ? 1 : 2.0 * Math.Min(lengthA, lengthB) / (lengthA + lengthB);

    public static int LongestCommonSubsequence(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var previous = new int[b.Count + 1];
        var current = new int[b.Count + 1];
        for (var i = 1; i <= a.Count; i++)
        {
            for (var j = 1; j <= b.Count; j++)
            {
                current[j] = string.Equals(a[i - 1], b[j - 1], StringComparison.Ordinal)
                    ? previous[j - 1] + 1
                    : Math.Max(previous[j], current[j - 1]);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Count];
    }

    /// <summary>The words of a text as ROUGE's default tokenizer sees them: runs of letters and digits, lower-cased.</summary>
    public static IReadOnlyList<string> Words(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }
        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }
        return words;
    }
}
