using InstructLab.Aspire.Gguf.Building;
using InstructLab.Aspire.LlamaCpp;
using InstructLab.Aspire.LlamaCpp.Templates;
using InstructLab.Aspire.TestSupport;
using InstructLab.Aspire.Training.Encoding;

namespace InstructLab.Aspire.Training.UnitTests;

/// <summary>
/// Labels sit exactly on the assistant turns' content and their end-of-turn token: checked against positions computed
/// here by tokenizing the rendered prefix and the content separately (for ChatML, where turns end in control tokens,
/// the two tokenizations must agree).
/// </summary>
public sealed class MaskingTests
{
    private const int ImEnd = 50258;

    [Fact]
    public void ChatMlLabelsTheAnswerAndItsEndOfTurn()
    {
        var (encoder, tokenizer) = ChatMl();
        var sample = encoder.Encode(Samples.Line(("system", "You are kind."), ("user", "What is 2+2?"), ("assistant", "It is 4.")));

        var prefix = tokenizer.TokenizeChat("<|im_start|>system\nYou are kind.<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n");
        int[] expected = [.. tokenizer.Tokenize("It is 4."), ImEnd];
        Assert.Equal(Positions(prefix.Length, expected.Length), LabelledPositions(sample));
        Assert.Equal(expected, Labelled(sample));
    }

    [Fact]
    public void ChatMlLabelsEveryAssistantTurnOfAConversationAndNoUserTurn()
    {
        var (encoder, tokenizer) = ChatMl();
        var sample = encoder.Encode(Samples.Line(("user", "Hi"), ("assistant", "Hello there."), ("user", "Bye"), ("assistant", "See you.")));

        var first = tokenizer.TokenizeChat("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n").Length;
        var second = tokenizer.TokenizeChat("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nHello there.<|im_end|>\n<|im_start|>user\nBye<|im_end|>\n<|im_start|>assistant\n").Length;
        var hello = tokenizer.Tokenize("Hello there.").Length + 1;
        var seeYou = tokenizer.Tokenize("See you.").Length + 1;
        Assert.Equal([.. Positions(first, hello), .. Positions(second, seeYou)], LabelledPositions(sample));
        Assert.Equal(sample.Length - 1, LabelledPositions(sample)[^1] + 1); // the final "\n" after <|im_end|> is not trained
    }

    [Fact]
    public void UnmaskLabelsUserTurnsTooButNeverSystem()
    {
        var (encoder, tokenizer) = ChatMl();
        var sample = encoder.Encode(Samples.Line(unmask: true, ("system", "Be brief."), ("user", "Name a fruit."), ("assistant", "Apple.")));

        var user = tokenizer.TokenizeChat("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\n").Length;
        var assistant = tokenizer.TokenizeChat("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nName a fruit.<|im_end|>\n<|im_start|>assistant\n").Length;
        Assert.Equal([.. Positions(user, tokenizer.Tokenize("Name a fruit.").Length + 1), .. Positions(assistant, tokenizer.Tokenize("Apple.").Length + 1)],
            LabelledPositions(sample));
    }

    [Fact]
    public void APretrainingTurnIsTrainedWholeWithItsEos()
    {
        var (encoder, tokenizer) = ChatMl();
        var sample = encoder.Encode(Samples.Line(("pretraining", "<|user|>\nWhat is a cat?\n<|assistant|>\nA small animal.")));

        int[] expected = [.. tokenizer.Tokenize("<|user|>\nWhat is a cat?\n<|assistant|>\nA small animal.", parseSpecial: true), ImEnd];
        Assert.Equal(expected, sample.Tokens);
        Assert.All(sample.Labels, Assert.True);
    }

    [Fact]
    public void SentencePieceModelWithoutTemplateUsesTheDefaultAndLabelsAnswerThroughEos()
    {
        using var tokenizer = GgufTokenizer.Open(SharedFiles.RequireModel("stories260K.gguf"));
        var template = ChatTemplate.Create(DefaultChatTemplate.Source, null, "<s>", "</s>")!;
        var encoder = new SampleEncoder(template, tokenizer);

        var sample = encoder.Encode(Samples.Line(("system", "Be kind."), ("user", "Who is Lily?"), ("assistant", "Lily is a girl.")));

        var prefix = tokenizer.TokenizeChat("<|system|>\nBe kind.\n<|user|>\nWho is Lily?\n<|assistant|>\n");
        Assert.Equal(prefix, sample.Tokens[..prefix.Length]);
        var eos = Array.IndexOf(sample.Tokens, tokenizer.Eos!.Value);
        Assert.Equal(Positions(prefix.Length, eos - prefix.Length + 1), LabelledPositions(sample));
        Assert.Equal("Lily is a girl.</s>", tokenizer.Detokenize(Labelled(sample)));
    }

    [Fact]
    public void Llama2TemplateOnSentencePieceLabelsContentAndEosButNoInstMarkers()
    {
        using var tokenizer = GgufTokenizer.Open(SharedFiles.RequireModel("stories260K.gguf"));
        var encoder = new SampleEncoder(ChatTemplate.Create(ChatTemplates.Llama2, null, "<s>", "</s>")!, tokenizer);

        var sample = encoder.Encode(Samples.Line(("user", "Who is Tom?"), ("assistant", "Tom is a dog."), ("user", "And Sue?"), ("assistant", "Sue is a cat.")));

        var labelled = tokenizer.Detokenize(Labelled(sample));
        Assert.Matches(@"^ ?Tom is a dog\. ?</s> ?Sue is a cat\. ?</s>$", labelled);
        Assert.DoesNotContain("INST", labelled, StringComparison.Ordinal);
        Assert.Equal(2, Labelled(sample).Count(t => t == tokenizer.Eos));
    }

    private static (SampleEncoder Encoder, GgufTokenizer Tokenizer) ChatMl()
    {
        var tokenizer = GgufTokenizer.Open(SharedFiles.RequireModel("synthetic", "tiny-random-llama-gpt2bpe-chatml.gguf"));
        return (new SampleEncoder(ChatTemplate.Create(ChatTemplates.ChatMl, null, "", "<|im_end|>")!, tokenizer), tokenizer);
    }

    private static int[] Positions(int start, int count) => [.. Enumerable.Range(start, count)];

    private static int[] LabelledPositions(EncodedSample sample) => [.. Enumerable.Range(0, sample.Length).Where(i => sample.Labels[i])];

    private static int[] Labelled(EncodedSample sample) => [.. LabelledPositions(sample).Select(i => sample.Tokens[i])];
}
