using System.Text;
using System.Text.RegularExpressions;

namespace InstructLab.Aspire.Gguf.Building;

/// <summary>
/// Builds the vocabularies of generated models: GPT-2-style byte-level BPE with merges learned from
/// <see cref="TrainingText"/>, or SentencePiece-style pieces with byte fallback; padded with reserved control tokens.
/// </summary>
public static partial class Vocabularies
{
    private const int Normal = 1, Unknown = 2, Control = 3, ByteToken = 6;
    private const int MaxLearned = 1024;

    /// <summary>The smallest vocabulary of a kind: bytes, specials and a few learned pieces.</summary>
    public static int MinimumSize(VocabularyKind kind) => kind == VocabularyKind.BytePairEncoding ? 256 + 3 + 16 : 259 + 16;

    public static Vocabulary Build(VocabularyKind kind, int size) => kind == VocabularyKind.BytePairEncoding ? BytePairs(size) : SentencePiece(size);

    private static Vocabulary BytePairs(int size)
    {
        var alphabet = ByteAlphabet();
        var tokens = Enumerable.Range(0, 256).Select(b => alphabet[b].ToString()).ToList();
        var words = GptPieces().Matches(TrainingText.Text)
            .GroupBy(m => m.Value)
            .Select(g => (Symbols: Encoding.UTF8.GetBytes(g.Key).Select(b => alphabet[b].ToString()).ToList(), Count: g.Count()))
            .ToList();
        var merges = new List<string>();
        var budget = Math.Min(MaxLearned, size - 256 - 3);
        while (merges.Count < budget)
        {
            var pairs = new Dictionary<(string, string), int>();
            foreach (var (symbols, count) in words)
            {
                for (var i = 0; i + 1 < symbols.Count; i++)
                {
                    pairs[(symbols[i], symbols[i + 1])] = pairs.GetValueOrDefault((symbols[i], symbols[i + 1])) + count;
                }
            }
            if (pairs.Count == 0)
            {
                break;
            }
            // Most frequent pair; ties broken by the pair itself so the vocabulary is the same on every run.
            var best = pairs.OrderByDescending(p => p.Value).ThenBy(p => p.Key.Item1, StringComparer.Ordinal).ThenBy(p => p.Key.Item2, StringComparer.Ordinal).First().Key;
            merges.Add($"{best.Item1} {best.Item2}");
            tokens.Add(best.Item1 + best.Item2);
            foreach (var (symbols, _) in words)
            {
                for (var i = 0; i + 1 < symbols.Count; i++)
                {
                    if (symbols[i] == best.Item1 && symbols[i + 1] == best.Item2)
                    {
                        symbols[i] += symbols[i + 1];
                        symbols.RemoveAt(i + 1);
                    }
                }
            }
        }
        var types = Enumerable.Repeat(Normal, tokens.Count).ToList();
        var bos = Add(tokens, types, "<|endoftext|>", Control);
        Add(tokens, types, "<|im_start|>", Control);
        var eos = Add(tokens, types, "<|im_end|>", Control);
        Pad(tokens, types, size, "<|reserved_{0}|>");
        return new Vocabulary
        {
            Model = "gpt2",
            PreTokenizer = "gpt-2",
            Tokens = [.. tokens],
            Types = [.. types],
            Merges = [.. merges],
            Bos = bos,
            Eos = eos,
            Padding = bos,
            AddBos = false,
            ChatTemplate = ChatTemplates.ChatMl,
        };
    }

    private static Vocabulary SentencePiece(int size)
    {
        var tokens = new List<string> { "<unk>", "<s>", "</s>" };
        var types = new List<int> { Unknown, Control, Control };
        for (var b = 0; b < 256; b++)
        {
            tokens.Add($"<0x{b:X2}>");
            types.Add(ByteToken);
        }
        var scores = Enumerable.Repeat(0f, tokens.Count).ToList();
        // Every prefix of every "▁word", so pair merges can build whole words; more frequent pieces score higher.
        var pieces = Words().Matches(TrainingText.Text)
            .Select(m => "\u2581" + m.Value)
            .SelectMany(word => Enumerable.Range(1, word.Length).Select(n => word[..n]))
            .GroupBy(piece => piece)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key.Length).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key)
            .Take(Math.Min(MaxLearned, size - tokens.Count))
            .ToList();
        for (var i = 0; i < pieces.Count; i++)
        {
            tokens.Add(pieces[i]);
            types.Add(Normal);
            scores.Add(-i);
        }
        Pad(tokens, types, size, "<reserved_{0}>");
        scores.AddRange(Enumerable.Repeat(-1e9f, tokens.Count - scores.Count));
        return new Vocabulary
        {
            Model = "llama",
            Tokens = [.. tokens],
            Types = [.. types],
            Scores = [.. scores],
            Bos = 1,
            Eos = 2,
            Unknown = 0,
            AddBos = true,
            ChatTemplate = ChatTemplates.Llama2,
        };
    }

    private static int Add(List<string> tokens, List<int> types, string token, int type)
    {
        tokens.Add(token);
        types.Add(type);
        return tokens.Count - 1;
    }

    private static void Pad(List<string> tokens, List<int> types, int size, string format)
    {
        if (tokens.Count > size)
        {
            throw new ArgumentException($"vocabulary_size {size} is smaller than the {tokens.Count} tokens this vocabulary needs");
        }
        for (var i = 0; tokens.Count < size; i++)
        {
            Add(tokens, types, string.Format(System.Globalization.CultureInfo.InvariantCulture, format, i), Control);
        }
    }

    /// <summary>GPT-2's reversible map from bytes to printable characters.</summary>
    private static char[] ByteAlphabet()
    {
        var printable = Enumerable.Range('!', '~' - '!' + 1).Concat(Enumerable.Range('¡', '¬' - '¡' + 1)).Concat(Enumerable.Range('®', 'ÿ' - '®' + 1)).ToHashSet();
        var map = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            map[b] = printable.Contains(b) ? (char)b : (char)next++;
        }
        return map;
    }

    [GeneratedRegex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+")]
    private static partial Regex GptPieces();

    [GeneratedRegex(@"[^\s]+")]
    private static partial Regex Words();
}
