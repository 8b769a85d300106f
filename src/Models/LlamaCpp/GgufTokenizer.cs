using System.Text;
using LLama;
using LLama.Common;
using LLama.Native;

namespace InstructLab.Aspire.LlamaCpp;

/// <summary>
/// Tokenizes exactly as llama.cpp does (SentencePiece and BPE vocabularies alike), by loading only the vocabulary of a
/// GGUF file: training sees the same token ids serving will.
/// </summary>
public sealed class GgufTokenizer : IDisposable
{
    private readonly LLamaWeights weights;

    private GgufTokenizer(LLamaWeights weights)
    {
        this.weights = weights;
    }

    public int VocabularySize => weights.Vocab.Count;

    public int? Bos => weights.Vocab.BOS is { } bos ? (int)bos : null;

    public int? Eos => weights.Vocab.EOS is { } eos ? (int)eos : null;

    public static GgufTokenizer Open(string ggufPath)
    {
        LlamaCppRuntime.EnsureConfigured();
        return new GgufTokenizer(LLamaWeights.LoadFromFile(new ModelParams(ggufPath) { VocabOnly = true, GpuLayerCount = 0 }));
    }

    /// <param name="text">The text.</param>
    /// <param name="addSpecial">Add BOS (and EOS) as the vocabulary asks.</param>
    /// <param name="parseSpecial">Read control tokens written in the text (such as &lt;|im_start|&gt;) as those tokens.</param>
    public int[] Tokenize(string text, bool addSpecial = false, bool parseSpecial = false) =>
        [.. weights.Tokenize(text, addSpecial, parseSpecial, Encoding.UTF8).Select(t => (int)t)];

    /// <summary>The text of token ids (control tokens rendered as their text).</summary>
    public string Detokenize(IEnumerable<int> tokens)
    {
        var decoder = new StreamingTokenDecoder(Encoding.UTF8, weights) { DecodeSpecialTokens = true };
        decoder.AddRange(tokens.Select(t => (LLamaToken)t).ToArray());
        return decoder.Read();
    }

    public void Dispose() => weights.Dispose();
}
