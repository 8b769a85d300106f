using InstructLab.Aspire.Gguf.Building;
using InstructLab.Aspire.Gguf.Format;
using InstructLab.Aspire.LlamaCpp;
using InstructLab.Aspire.TestSupport;
using InstructLab.Aspire.Training.Models.Gguf;
using LLama;
using LLama.Native;
using TorchSharp;

namespace InstructLab.Aspire.Models.UnitTests;

/// <summary>
/// A TorchSharp model exported to GGUF loads in llama.cpp and computes what TorchSharp computes; the base model's
/// tokenizer and template travel with it. Quantized weights change the numbers within documented bounds.
/// </summary>
public sealed class ExportTests(ITestOutputHelper output) : IDisposable
{
    private readonly TemporaryDirectory folder = new("export");

    [Fact]
    public void AnF32ExportComputesWhatTheTorchModelComputes()
    {
        var basePath = SharedFiles.RequireModel("stories260K.gguf");
        var baseFile = GgufFile.Open(basePath);
        using var model = LlamaGguf.Load(baseFile);
        using (torch.no_grad())
        {
            model.Layers[0].FeedForward.Up.weight!.add_(0.01f); // a trained model differs from its base
        }
        var exported = folder.Combine("exported.gguf");
        var tokens = Tokens(basePath);

        LlamaGguf.Export(model, baseFile.Metadata, exported, GgmlType.F32, "stories260K-tuned");

        var torchLogits = TorchLogits.Of(model, tokens);
        var difference = TorchLogits.MaxAbsoluteDifference(torchLogits, LlamaCppLogits.Of(exported, tokens));
        output.WriteLine($"F32 export: max |Δlogit| = {difference:E2}");
        Assert.True(difference < 1e-3f, $"max |Δlogit| = {difference}");
        Assert.True(TorchLogits.MaxAbsoluteDifference(torchLogits, LlamaCppLogits.Of(basePath, tokens)) > 1e-2f, "the change reached the export");
        var file = GgufFile.Open(exported);
        Assert.Equal("stories260K-tuned", file.Metadata.String(GgufKeys.Name));
        Assert.Equal(baseFile.Metadata[GgufKeys.Tokens]!.AsStrings(), file.Metadata[GgufKeys.Tokens]!.AsStrings());
        Assert.Equal(baseFile.Metadata[GgufKeys.Scores]!.AsFloats(), file.Metadata[GgufKeys.Scores]!.AsFloats());
    }

    [Theory]
    [InlineData(GgmlType.F16, 0.02f)]
    // Measured on this model: F16 4e-3, Q8_0 0.10, Q4_0 0.12. The quantized rows dominate not the weights (the
    // same on both sides) but llama.cpp's rounding of activations to Q8_0 blocks for the Q8_0/Q4_0 dot products.
    [InlineData(GgmlType.Q8_0, 0.25f)]
    [InlineData(GgmlType.Q4_0, 0.5f)]
    public void QuantizedExportsLoadInLlamaCppAndStayCloseToTorch(GgmlType type, float tolerance)
    {
        var basePath = folder.Combine("base.gguf");
        TinyModelBuilder.Build(new TinyModelSpec { Width = 128, FeedForward = 256, Heads = 4, KeyValueHeads = 2, Layers = 2, InitScale = 0.1f, Vocabulary = VocabularyKind.BytePairEncoding }, basePath);
        var baseFile = GgufFile.Open(basePath);
        using var model = LlamaGguf.Load(baseFile);
        var exported = folder.Combine($"{type}.gguf");
        var tokens = Tokens(basePath);

        LlamaGguf.Export(model, baseFile.Metadata, exported, type);

        var file = GgufFile.Open(exported);
        Assert.All(file.Tensors.Where(t => t.Shape.Length == 2), t => Assert.Equal(type, t.Type));
        Assert.Equal(ChatTemplates.ChatMl, file.Metadata.String(GgufKeys.ChatTemplate));
        // Same quantized weights on both sides; llama.cpp also rounds activations for F16 and Q8_0/Q4_0 dot products.
        var difference = TorchLogits.MaxAbsoluteDifference(TorchLogits.Of(exported, tokens), LlamaCppLogits.Of(exported, tokens));
        var fromF32 = TorchLogits.MaxAbsoluteDifference(TorchLogits.Of(model, tokens), LlamaCppLogits.Of(exported, tokens));
        output.WriteLine($"{type} export: torch(dequantized) vs llama.cpp max |Δlogit| = {difference:E2}; vs the f32 model {fromF32:E2}");
        Assert.True(difference < tolerance, $"max |Δlogit| = {difference}");
    }

    [Fact]
    public void LlamaCppKQuantsLoadIntoTorchAndComputeTheSame()
    {
        var basePath = folder.Combine("k-base.gguf");
        TinyModelBuilder.Build(new TinyModelSpec { Width = 256, FeedForward = 512, Heads = 4, KeyValueHeads = 2, Layers = 2, InitScale = 0.05f }, basePath);
        var quantized = folder.Combine("q4_k_m.gguf");
        LlamaCppRuntime.EnsureConfigured();
        Assert.True(LLamaQuantizer.Quantize(basePath, quantized, LLamaFtype.MOSTLY_Q4_K_M, nthread: 2, quantizeOutputTensor: true));
        var tokens = Tokens(basePath);

        var difference = TorchLogits.MaxAbsoluteDifference(TorchLogits.Of(quantized, tokens), LlamaCppLogits.Of(quantized, tokens));

        output.WriteLine($"Q4_K_M from llama.cpp: torch(dequantized) vs llama.cpp max |Δlogit| = {difference:E2}");
        Assert.Contains(GgufFile.Open(quantized).Tensors, t => t.Type == GgmlType.Q4_K);
        Assert.True(difference < 0.5f, $"max |Δlogit| = {difference}");
    }

    public void Dispose() => folder.Dispose();

    private static int[] Tokens(string model)
    {
        using var tokenizer = GgufTokenizer.Open(model);
        return tokenizer.Tokenize("Once upon a time the teacher wrote many more examples for the student.", addSpecial: true);
    }
}
