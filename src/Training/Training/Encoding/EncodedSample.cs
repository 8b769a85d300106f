namespace InstructLab.Aspire.Training.Encoding;

/// <summary>A sample's tokens and which of them are trained (predicted from the tokens before them).</summary>
public sealed record EncodedSample(string Id, int[] Tokens, bool[] Labels)
{
    public int Length => Tokens.Length;

    /// <summary>Labelled tokens that have a token before them to be predicted from.</summary>
    public int LabelledTokens => Labels.Skip(1).Count(l => l);
}
