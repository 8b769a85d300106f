using LLama.Batched;
using LLama.Native;

namespace InstructLab.Aspire.Serving.Inference;

/// <summary>
/// Scores a prompt for echo with logprobs: each token's log-probability given the tokens before it (the first has none:
/// NaN). Every position's logits are needed, and llama.cpp keeps them only for the batch just decoded, so a prompt
/// longer than a batch is prompted and scored a chunk at a time.
/// </summary>
internal sealed class PromptScoring(int[] prompt, int chunkSize, int top)
{
    private readonly List<TokenLogprob> scored = [];
    private int start;
    private int end;

    public bool Finished { get; private set; }

    /// <summary>The prompt's tokens' log-probabilities, once <see cref="Finished"/>.</summary>
    public IReadOnlyList<TokenLogprob> Result => scored;

    /// <summary>The first chunk to prompt (with all logits).</summary>
    public LLamaToken[] First()
    {
        end = Math.Min(chunkSize, prompt.Length);
        return Tokens(0, end);
    }

    /// <summary>
    /// Scores the chunk just decoded (its last position predicts the next chunk's first token) and returns the next
    /// chunk to prompt, or null when the whole prompt is scored.
    /// </summary>
    public LLamaToken[]? Advance(Conversation conversation, SafeLlamaModelHandle.Vocabulary vocab)
    {
        if (start == 0)
        {
            scored.Add(new TokenLogprob(vocab.LLamaTokenToString((LLamaToken)prompt[0], true) ?? "", prompt[0], float.NaN, []));
        }
        for (var position = start; position < end && position + 1 < prompt.Length; position++)
        {
            // Sample(offset) counts back from the chunk's last position.
            scored.Add(Logprobs.For(conversation.Sample(end - 1 - position), prompt[position + 1], top, vocab));
        }
        if (end >= prompt.Length)
        {
            Finished = true;
            return null;
        }
        start = end;
        end = Math.Min(end + chunkSize, prompt.Length);
        return Tokens(start, end);
    }

    private LLamaToken[] Tokens(int from, int to) => [.. prompt[from..to].Select(t => (LLamaToken)t)];
}
