using InstructLab.Aspire.LlamaCpp;
using LLama;
using LLama.Common;
using LLama.Native;

namespace InstructLab.Aspire.Models.UnitTests;

/// <summary>
/// The reference: llama.cpp's logits (through LLamaSharp) at every position of a token sequence, computed in f32 (f32
/// KV cache, no flash attention).
/// </summary>
internal static class LlamaCppLogits
{
    public static float[][] Of(string modelPath, IReadOnlyList<int> tokens)
    {
        LlamaCppRuntime.EnsureConfigured();
        var size = (uint)Math.Max(64, tokens.Count);
        var parameters = new ModelParams(modelPath)
        {
            ContextSize = size,
            BatchSize = size,
            UBatchSize = size,
            GpuLayerCount = 0,
            TypeK = GGMLType.GGML_TYPE_F32,
            TypeV = GGMLType.GGML_TYPE_F32,
            // llama.cpp's CPU flash attention rounds through f16; the plain path computes in f32 like the model under test.
            FlashAttention = false,
        };
        using var weights = LLamaWeights.LoadFromFile(parameters);
        using var context = weights.CreateContext(parameters);
        var batch = new LLamaBatch();
        for (var i = 0; i < tokens.Count; i++)
        {
            batch.Add(tokens[i], i, LLamaSeqId.Zero, true);
        }
        var result = context.Decode(batch);
        return result == DecodeResult.Ok
            ? [.. Enumerable.Range(0, tokens.Count).Select(i => context.NativeHandle.GetLogitsIth(i).ToArray())]
            : throw new InvalidOperationException($"llama.cpp could not decode: {result}");
    }
}
