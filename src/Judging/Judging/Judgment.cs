namespace InstructLab.Aspire.Judging;

/// <summary>A rubric's verdict on one input: the score (and its label, where the rubric has labels) and why.</summary>
public sealed record Judgment(string Id, double Score, string Label, string Explanation, ParseStatus Status, bool FromCache, int Tokens)
{
    public static Judgment Unparsed(string id, bool fromCache, int tokens) => new(id, 0, "", "", ParseStatus.Unparsed, fromCache, tokens);
}
