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
    /// <summary>llama.cpp's loader is entered by one thread at a time (a training service checks a submit while a job loads its vocabulary).</summary>
    private static readonly Lock OpenGate = new();

    private readonly LLamaWeights weights;

    private GgufTokenizer(LLamaWeights weights)
    {
        this.weights = weights;
    }

    public int VocabularySize => weights.Vocab.Count;

    public int? Bos => weights.Vocab.BOS is { } bos ? (int)bos : null;

    public int? Eos => weights.Vocab.EOS is { } eos ? (int)eos : null;

    /// <summary>The vocabulary asks for BOS at the start of a text.</summary>
    public bool AddsBos => weights.Vocab.ShouldAddBOS;

    /// <summary>The text of a special token (BOS, EOS) as templates write it, or "" when the vocabulary has none.</summary>
    public string SpecialText(int? token) => token is { } id ? weights.Vocab.LLamaTokenToString(id, true) ?? "" : "";

    public static GgufTokenizer Open(string ggufPath)
    {
        LlamaCppRuntime.EnsureConfigured();
        lock (OpenGate)
        {
            return new GgufTokenizer(LLamaWeights.LoadFromFile(new ModelParams(ggufPath) { VocabOnly = true, GpuLayerCount = 0 }));
        }
    }

    /// <param name="text">The text.</param>
    /// <param name="addSpecial">Add BOS (and EOS) as the vocabulary asks.</param>
    /// <param name="parseSpecial">Read control tokens written in the text (such as &lt;|im_start|&gt;) as those tokens.</param>
    public int[] Tokenize(string text, bool addSpecial = false, bool parseSpecial = false) =>
        [.. weights.Tokenize(text, addSpecial, parseSpecial, Encoding.UTF8).Select(t => (int)t)];

    /// <summary>A rendered chat prompt's tokens: control tokens read as such, BOS added once when the vocabulary wants it.</summary>
    public int[] TokenizeChat(string text)
    {
        var tokens = Tokenize(text, addSpecial: false, parseSpecial: true);
        return AddsBos && Bos is { } bos && (tokens.Length == 0 || tokens[0] != bos) ? [bos, .. tokens] : tokens;
    }

    /// <summary>The bytes a token stands for (control tokens as their text; SentencePiece's ▁ as a space).</summary>
    public byte[] Piece(int token)
    {
        Span<byte> buffer = stackalloc byte[256];
        var length = (int)weights.NativeHandle.TokenToSpan(token, buffer, lstrip: 0, special: true);
        return length <= buffer.Length ? buffer[..length].ToArray() : LongPiece(token, length);
    }

    /// <summary>The token ends a turn or the text (EOS, EOT, &lt;|im_end|&gt; and the like).</summary>
    public bool IsEndOfGeneration(int token) => ((LLamaToken)token).IsEndOfGeneration(weights.Vocab);

    /// <summary>The text of token ids (control tokens rendered as their text).</summary>
    public string Detokenize(IEnumerable<int> tokens)
    {
        var decoder = new StreamingTokenDecoder(Encoding.UTF8, weights) { DecodeSpecialTokens = true };
        decoder.AddRange(tokens.Select(t => (LLamaToken)t).ToArray());
        return decoder.Read();
    }

    public void Dispose() => weights.Dispose();

    private byte[] LongPiece(int token, int length)
    {
        var buffer = new byte[length];
        weights.NativeHandle.TokenToSpan(token, buffer, lstrip: 0, special: true);
        return buffer;
    }
}
