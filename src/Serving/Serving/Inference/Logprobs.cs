using System.Buffers;
using System.Numerics.Tensors;
using LLama.Native;

namespace InstructLab.Aspire.Serving.Inference;

/// <summary>Log-probabilities from raw logits (log-softmax), as OpenAI reports them.</summary>
internal static class Logprobs
{
    public static TokenLogprob For(ReadOnlySpan<float> logits, int token, int top, SafeLlamaModelHandle.Vocabulary vocab)
    {
        var max = TensorPrimitives.Max(logits);
        var shifted = ArrayPool<float>.Shared.Rent(logits.Length);
        float logSum;
        try
        {
            var span = shifted.AsSpan(0, logits.Length);
            TensorPrimitives.Subtract(logits, max, span);
            TensorPrimitives.Exp(span, span);
            logSum = max + MathF.Log(TensorPrimitives.Sum<float>(span));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(shifted);
        }
        var best = new List<TopLogprob>(top);
        if (top > 0)
        {
            foreach (var index in TopIndices(logits, top))
            {
                best.Add(new TopLogprob(Text(vocab, index), index, logits[index] - logSum));
            }
        }
        return new TokenLogprob(Text(vocab, token), token, logits[token] - logSum, best);
    }

    private static string Text(SafeLlamaModelHandle.Vocabulary vocab, int token) => vocab.LLamaTokenToString((LLamaToken)token, true) ?? "";

    private static IEnumerable<int> TopIndices(ReadOnlySpan<float> logits, int count)
    {
        var heap = new PriorityQueue<int, float>(count + 1);
        for (var i = 0; i < logits.Length; i++)
        {
            heap.Enqueue(i, logits[i]);
            if (heap.Count > count)
            {
                heap.Dequeue();
            }
        }
        var result = new int[heap.Count];
        for (var i = result.Length - 1; i >= 0; i--)
        {
            result[i] = heap.Dequeue();
        }
        return result;
    }
}
