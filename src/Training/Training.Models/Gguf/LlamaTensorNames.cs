using InstructLab.Aspire.Training.Models.Layers;
using TorchSharp.Modules;

namespace InstructLab.Aspire.Training.Models.Gguf;

/// <summary>Which GGUF tensor (llama.cpp's names) is which parameter of <see cref="LlamaModel"/>.</summary>
internal static class LlamaTensorNames
{
    /// <summary>(GGUF name, parameter, is a matrix that may be quantized).</summary>
    public static IEnumerable<(string Name, Parameter Parameter, bool Matrix)> Of(LlamaModel model)
    {
        yield return ("token_embd.weight", model.TokenEmbedding.weight!, true);
        yield return ("output_norm.weight", model.OutputNorm.Weight, false);
        if (model.Output is { } output)
        {
            yield return ("output.weight", output.weight!, true);
        }
        for (var i = 0; i < model.Layers.Count; i++)
        {
            foreach (var tensor in Layer($"blk.{i}.", model.Layers[i]))
            {
                yield return tensor;
            }
        }
    }

    private static IEnumerable<(string, Parameter, bool)> Layer(string prefix, DecoderLayer layer)
    {
        var attention = layer.Attention;
        yield return (prefix + "attn_norm.weight", layer.AttentionNorm.Weight, false);
        yield return (prefix + "attn_q.weight", attention.Q.weight!, true);
        yield return (prefix + "attn_k.weight", attention.K.weight!, true);
        yield return (prefix + "attn_v.weight", attention.V.weight!, true);
        foreach (var (name, projection) in new[] { ("attn_q.bias", attention.Q), ("attn_k.bias", attention.K), ("attn_v.bias", attention.V) })
        {
            if (projection.bias is { } bias)
            {
                yield return (prefix + name, bias, false);
            }
        }
        yield return (prefix + "attn_output.weight", attention.O.weight!, true);
        yield return (prefix + "ffn_norm.weight", layer.FeedForwardNorm.Weight, false);
        yield return (prefix + "ffn_gate.weight", layer.FeedForward.Gate.weight!, true);
        yield return (prefix + "ffn_down.weight", layer.FeedForward.Down.weight!, true);
        yield return (prefix + "ffn_up.weight", layer.FeedForward.Up.weight!, true);
    }
}
