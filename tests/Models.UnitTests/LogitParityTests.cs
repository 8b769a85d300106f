using InstructLab.Aspire.Gguf.Building;
using InstructLab.Aspire.Gguf.Format;
using InstructLab.Aspire.LlamaCpp;
using InstructLab.Aspire.TestSupport;
using InstructLab.Aspire.Training.Models.Gguf;

namespace InstructLab.Aspire.Models.UnitTests;

/// <summary>
/// The TorchSharp model computes what llama.cpp computes: the same logits (max absolute difference under 1e-3 in f32)
/// for the same tokens, on the real stories260K model and on generated models of every shape the loader supports.
/// </summary>
public sealed class LogitParityTests(ITestOutputHelper output) : IDisposable
{
    private const float Tolerance = 1e-3f;
    private const float Bf16Tolerance = 0.5f;
    private readonly TemporaryDirectory folder = new("parity");

    [Fact]
    public void Stories260KMatchesLlamaCpp()
    {
        var model = SharedFiles.RequireModel("stories260K.gguf");
        using var tokenizer = GgufTokenizer.Open(model);
        var tokens = tokenizer.Tokenize("Once upon a time, there was a little girl named Lily. She loved to play outside", addSpecial: true);

        var difference = TorchLogits.MaxAbsoluteDifference(TorchLogits.Of(model, tokens), LlamaCppLogits.Of(model, tokens));

        output.WriteLine($"stories260K, {tokens.Length} tokens: max |Δlogit| = {difference:E2}");
        Assert.True(difference < Tolerance, $"max |Δlogit| = {difference}");
    }

    [Theory]
    [InlineData("llama", VocabularyKind.SentencePiece, true, 4, 4)]
    [InlineData("llama", VocabularyKind.BytePairEncoding, false, 4, 2)]
    [InlineData("llama", VocabularyKind.BytePairEncoding, true, 8, 1)]
    [InlineData("qwen2", VocabularyKind.BytePairEncoding, true, 4, 2)]
    [InlineData("qwen2", VocabularyKind.SentencePiece, false, 4, 4)]
    public void GeneratedModelsMatchLlamaCpp(string architecture, VocabularyKind vocabulary, bool tied, int heads, int keyValueHeads)
    {
        var path = folder.Combine($"{architecture}-{vocabulary}-{tied}-{heads}-{keyValueHeads}.gguf");
        TinyModelBuilder.Build(new TinyModelSpec
        {
            Architecture = architecture,
            Vocabulary = vocabulary,
            TiedEmbeddings = tied,
            Heads = heads,
            KeyValueHeads = keyValueHeads,
            Width = 64,
            FeedForward = 96,
            Layers = 3,
            InitScale = 0.3f,
        }, path);
        using var tokenizer = GgufTokenizer.Open(path);
        var tokens = tokenizer.Tokenize("The teacher model writes many more examples, and the judge keeps the good ones.", addSpecial: true);

        var difference = TorchLogits.MaxAbsoluteDifference(TorchLogits.Of(path, tokens), LlamaCppLogits.Of(path, tokens));

        output.WriteLine($"{Path.GetFileName(path)}, {tokens.Length} tokens: max |Δlogit| = {difference:E2}");
        Assert.True(difference < Tolerance, $"max |Δlogit| = {difference}");
    }

    [Fact]
    public void Bf16WeightsStayCloseToLlamaCpp()
    {
        var model = SharedFiles.RequireModel("stories260K.gguf");
        using var tokenizer = GgufTokenizer.Open(model);
        var tokens = tokenizer.Tokenize("Once upon a time, there was a little girl named Lily. She loved to play outside", addSpecial: true);
        using var bf16 = LlamaGguf.Load(GgufFile.Open(model), TorchSharp.torch.ScalarType.BFloat16);

        var difference = TorchLogits.MaxAbsoluteDifference(TorchLogits.Of(bf16, tokens), LlamaCppLogits.Of(model, tokens));

        // bf16 keeps 8 bits of mantissa: weights and activations rounded to ~0.4%; norms stay f32.
        output.WriteLine($"stories260K in bf16: max |Δlogit| = {difference:E2}");
        Assert.True(difference < Bf16Tolerance, $"max |Δlogit| = {difference}");
    }

    public void Dispose() => folder.Dispose();
}
