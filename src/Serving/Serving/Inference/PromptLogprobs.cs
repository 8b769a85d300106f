using LLama.Batched;
using LLama.Native;

namespace InstructLab.Aspire.Serving.Inference;

/// <summary>A branch of a shared prefix: its own prompt tokens' log-probabilities after the prefix's.</summary>
internal static class PromptLogprobs
{
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
