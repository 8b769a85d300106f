using InstructLab.Aspire.LlamaCpp;
using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.Models.UnitTests;

/// <summary>llama.cpp's own tokenizer test vectors (SentencePiece and two BPE vocabularies): every case gives exactly the expected ids.</summary>
public sealed class TokenizerVectorTests
{
    [Theory]
    [InlineData("ggml-vocab-llama-spm.gguf")]
    [InlineData("ggml-vocab-gpt-2.gguf")]
    [InlineData("ggml-vocab-starcoder.gguf")]
    public void EveryVectorTokenizesAsLlamaCppExpects(string vocabulary)
    {
        var model = SharedFiles.RequireModel("vocab", vocabulary);
        var inputs = File.ReadAllText(model + ".inp").Split("\n__ggml_vocab_test__\n");
        var expected = File.ReadAllLines(model + ".out");
        using var tokenizer = GgufTokenizer.Open(model);

        Assert.Equal(46, expected.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var ids = expected[i].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
            Assert.True(ids.SequenceEqual(tokenizer.Tokenize(inputs[i])), $"case {i}: '{inputs[i]}' gave [{string.Join(' ', tokenizer.Tokenize(inputs[i]))}], expected [{string.Join(' ', ids)}]");
        }
    }

    [Fact]
    public void TokensDetokenizeToTheirText()
    {
        using var tokenizer = GgufTokenizer.Open(SharedFiles.RequireModel("synthetic", "tiny-random-llama-gpt2bpe-chatml.gguf"));

        var ids = tokenizer.Tokenize("<|im_start|>user\nWhat is the capital of France?<|im_end|>", parseSpecial: true);

        Assert.Equal(50257, ids[0]);
        Assert.Equal(50258, ids[^1]);
        Assert.Equal("<|im_start|>user\nWhat is the capital of France?<|im_end|>", tokenizer.Detokenize(ids));
    }
}
