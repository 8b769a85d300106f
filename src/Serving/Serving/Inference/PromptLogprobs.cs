using LLama.Batched;
using LLama.Native;

namespace InstructLab.Aspire.Serving.Inference;

/// <summary>
/// Each prompt token's log-probability given the tokens before it, from the logits of every prompt position (the
/// prompt was decoded with all logits kept). The first token has none: its <see cref="TokenLogprob.Logprob"/> is NaN.
/// </summary>
internal static class PromptLogprobs
{
    public static IReadOnlyList<TokenLogprob> Of(Conversation conversation, int[] prompt, int top, SafeLlamaModelHandle.Vocabulary vocab)
    {
        var result = new List<TokenLogprob>(prompt.Length)
        {
            new(vocab.LLamaTokenToString((LLamaToken)prompt[0], true) ?? "", prompt[0], float.NaN, []),
        };
        for (var i = 1; i < prompt.Length; i++)
        {
            // Sample(offset) counts back from the prompt's last position; position i - 1 predicts token i.
            result.Add(Logprobs.For(conversation.Sample(prompt.Length - i), prompt[i], top, vocab));
        }
        return result;
    }

    /// <summary>
    /// <paramref name="head"/> (everything up to and including the first of <paramref name="own"/>) followed by the rest
    /// of <paramref name="own"/>, the tokens this conversation was last prompted with (all logits kept).
    /// </summary>
    public static IReadOnlyList<TokenLogprob> Continue(IReadOnlyList<TokenLogprob> head, Conversation conversation, int[] own, int top, SafeLlamaModelHandle.Vocabulary vocab)
    {
        var result = new List<TokenLogprob>(head.Count + own.Length - 1);
        result.AddRange(head);
        for (var j = 1; j < own.Length; j++)
        {
            result.Add(Logprobs.For(conversation.Sample(own.Length - j), own[j], top, vocab));
        }
        return result;
    }
}
