using InstructLab.Aspire.Gguf.Format;
using InstructLab.Aspire.Training.Models;
using InstructLab.Aspire.Training.Models.Gguf;
using TorchSharp;
using static TorchSharp.torch;

namespace InstructLab.Aspire.Models.UnitTests;

/// <summary>Our TorchSharp model's logits at every position, and how far they are from the reference.</summary>
internal static class TorchLogits
{
    public static float[][] Of(string modelPath, IReadOnlyList<int> tokens)
    {
        using var model = LlamaGguf.Load(GgufFile.Open(modelPath));
        return Of(model, tokens);
    }

    public static float[][] Of(LlamaModel model, IReadOnlyList<int> tokens)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        model.eval();
        var logits = model.forward(tensor(tokens.Select(t => (long)t).ToArray(), [1, tokens.Count])).to(float32);
        return [.. Enumerable.Range(0, tokens.Count).Select(i => logits[0, i].data<float>().ToArray())];
    }

    public static float MaxAbsoluteDifference(float[][] a, float[][] b) =>
        a.Zip(b).Max(pair => pair.First.Zip(pair.Second).Max(x => MathF.Abs(x.First - x.Second)));
}
