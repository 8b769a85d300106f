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
}
