using System.Text;
using InstructLab.Aspire.Gguf.Building;
using InstructLab.Aspire.Gguf.Format;
using InstructLab.Aspire.LlamaCpp;
using InstructLab.Aspire.TestSupport;
using LLama;
using LLama.Common;
using LLama.Native;
using LLama.Sampling;

namespace InstructLab.Aspire.Models.UnitTests;

/// <summary>Models the builder writes load and run in llama.cpp, with working vocabularies and chat templates.</summary>
public sealed class TinyModelBuilderTests : IDisposable
{
    private readonly TemporaryDirectory folder = new("tiny-models");

    [Theory]
    [InlineData(VocabularyKind.BytePairEncoding, GgmlType.F32)]
    [InlineData(VocabularyKind.SentencePiece, GgmlType.F16)]
    [InlineData(VocabularyKind.BytePairEncoding, GgmlType.Q8_0)]
    [InlineData(VocabularyKind.SentencePiece, GgmlType.Q4_0)]
    public void BuiltModelsLoadTokenizeAndGenerateInLlamaCpp(VocabularyKind vocabulary, GgmlType weights)
    {
        var path = folder.Combine($"{vocabulary}-{weights}.gguf");
        var spec = new TinyModelSpec { Vocabulary = vocabulary, WeightType = weights, Width = 64, FeedForward = 128, VocabularySize = 600 };

        TinyModelBuilder.Build(spec, path);

        using (var tokenizer = GgufTokenizer.Open(path))
        {
            const string text = "The taxonomy service reads the tree of files, and 42 marks: commas; é and 中文.";
            var ids = tokenizer.Tokenize(text);
            Assert.Equal(600, tokenizer.VocabularySize);
            Assert.True(ids.Length < Encoding.UTF8.GetByteCount(text) / 2, $"{ids.Length} tokens: the learned pieces merge");
            Assert.Equal(text, tokenizer.Detokenize(ids).TrimStart());
        }
        var generated = Generate(path, "The taxonomy", 8);
        Assert.Equal(8, generated.Count);
        Assert.All(generated, token => Assert.InRange(token, 0, 599));
    }

    [Fact]
    public void TheSameSeedBuildsTheSameFile()
    {
        var spec = new TinyModelSpec { Seed = 99 };
        TinyModelBuilder.Build(spec, folder.Combine("a.gguf"));
        TinyModelBuilder.Build(spec, folder.Combine("b.gguf"));
        TinyModelBuilder.Build(spec with { Seed = 100 }, folder.Combine("c.gguf"));

        Assert.Equal(File.ReadAllBytes(folder.Combine("a.gguf")), File.ReadAllBytes(folder.Combine("b.gguf")));
        Assert.NotEqual(File.ReadAllBytes(folder.Combine("a.gguf")), File.ReadAllBytes(folder.Combine("c.gguf")));
    }

    [Theory]
    [InlineData(64, 3, "width 64 must be a multiple of heads 3")]
    [InlineData(48, 4, "Q4_0 needs width and feed_forward to be multiples of 32")]
    public void ShapesThatCannotBeBuiltAreNamed(int width, int heads, string message)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            TinyModelBuilder.Build(new TinyModelSpec { Width = width, Heads = heads, KeyValueHeads = 1, WeightType = GgmlType.Q4_0 }, folder.Combine("bad.gguf")));

        Assert.Contains(message, error.Message);
    }

    public void Dispose() => folder.Dispose();

    private static List<int> Generate(string path, string prompt, int count)
    {
        LlamaCppRuntime.EnsureConfigured();
        var parameters = new ModelParams(path) { ContextSize = 128, GpuLayerCount = 0 };
        using var weights = LLamaWeights.LoadFromFile(parameters);
        using var context = weights.CreateContext(parameters);
        using var sampler = new DefaultSamplingPipeline { Temperature = 0 };
        var batch = new LLamaBatch();
        var tokens = context.Tokenize(prompt, addBos: true, special: false);
        for (var i = 0; i < tokens.Length; i++)
        {
            batch.Add(tokens[i], i, LLamaSeqId.Zero, i == tokens.Length - 1);
        }
        var generated = new List<int>();
        var position = tokens.Length;
        for (var step = 0; step < count; step++)
        {
            Assert.Equal(DecodeResult.Ok, context.Decode(batch));
            var next = sampler.Sample(context.NativeHandle, batch.TokenCount - 1);
            generated.Add((int)next);
            batch.Clear();
            batch.Add(next, position++, LLamaSeqId.Zero, true);
        }
        return generated;
    }
}
