namespace InstructLab.Aspire.ChatClients;

/// <summary>A prompt as the endpoint tokenized it, with each token's log-probability (the first token's is null).</summary>
public sealed record ScoredPrompt(IReadOnlyList<string> Tokens, IReadOnlyList<double?> Logprobs)
{
    /// <summary>
    /// The summed log-probability of the tokens that spell the prompt's last <paramref name="characters"/> characters
    /// (the fewest trailing tokens whose text is at least that long) and how many tokens that took.
    /// </summary>
    public (double Logprob, int Tokens) Tail(int characters)
    {
        var (sum, length, count) = (0.0, 0, 0);
        for (var i = Tokens.Count - 1; i >= 0 && length < characters; i--)
        {
            sum += Logprobs[i] ?? throw new InvalidOperationException("the continuation reaches the prompt's first token, which has no log-probability");
            length += Tokens[i].Length;
            count++;
        }
        return (sum, count);
    }
}
