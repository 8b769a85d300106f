using InstructLab.Aspire.Gguf.Format;

namespace InstructLab.Aspire.Gguf.Building;

/// <summary>The shape and make-up of a random Llama-family model the project builds for its own tests and benchmarks.</summary>
public sealed record TinyModelSpec
{
    /// <summary>general.name.</summary>
    public string Name { get; init; } = "instructlab-aspire-tiny";

    /// <summary>llama, or qwen2 (adds Q/K/V biases and rotate-half RoPE).</summary>
    public string Architecture { get; init; } = "llama";

    public int Layers { get; init; } = 2;

    /// <summary>Embedding width (n_embd).</summary>
    public int Width { get; init; } = 64;

    public int Heads { get; init; } = 4;

    /// <summary>Key/value heads; fewer than <see cref="Heads"/> is grouped-query attention.</summary>
    public int KeyValueHeads { get; init; } = 2;

    /// <summary>Feed-forward width.</summary>
    public int FeedForward { get; init; } = 128;

    /// <summary>Total tokens; the vocabulary is padded with reserved tokens to reach it.</summary>
    public int VocabularySize { get; init; } = 512;

    public int ContextLength { get; init; } = 512;

    public VocabularyKind Vocabulary { get; init; } = VocabularyKind.BytePairEncoding;

    /// <summary>Output head shares the token embedding.</summary>
    public bool TiedEmbeddings { get; init; } = true;

    /// <summary>Type of the weight matrices (norms stay F32).</summary>
    public GgmlType WeightType { get; init; } = GgmlType.F32;

    public int Seed { get; init; } = 1234;

    /// <summary>Standard deviation of the random weights.</summary>
    public float InitScale { get; init; } = 0.02f;

    public float RopeFreqBase { get; init; } = 10000f;

    public float RmsEpsilon { get; init; } = 1e-5f;

    /// <summary>Jinja chat template; default ChatML (BPE) or Llama 2's (SPM).</summary>
    public string? ChatTemplate { get; init; }

    public int HeadDimension => Width / Heads;

    /// <summary>Throws naming the field and what is allowed when the shape cannot be built.</summary>
    public void Validate()
    {
        static void Require(bool ok, string message)
        {
            if (!ok)
            {
                throw new ArgumentException(message);
            }
        }
        Require(Architecture is "llama" or "qwen2", $"architecture '{Architecture}': allowed are llama, qwen2");
        Require(Layers >= 1 && Width >= 8 && FeedForward >= 8 && ContextLength >= 16, "layers ≥ 1, width ≥ 8, feed_forward ≥ 8, context_length ≥ 16");
        Require(Heads >= 1 && Width % Heads == 0, $"width {Width} must be a multiple of heads {Heads}");
        Require(HeadDimension % 2 == 0, $"head dimension {HeadDimension} (width / heads) must be even for RoPE");
        Require(KeyValueHeads >= 1 && Heads % KeyValueHeads == 0, $"heads {Heads} must be a multiple of key_value_heads {KeyValueHeads}");
        Require(VocabularySize >= Vocabularies.MinimumSize(Vocabulary), $"vocabulary_size must be at least {Vocabularies.MinimumSize(Vocabulary)} for {Vocabulary}");
        Require(WeightType is GgmlType.F32 or GgmlType.F16 or GgmlType.BF16 or GgmlType.Q8_0 or GgmlType.Q4_0,
            $"weight_type {WeightType}: allowed are F32, F16, BF16, Q8_0, Q4_0");
        var block = GgmlTypes.Block(WeightType)!.Value.Elements;
        Require(Width % block == 0 && FeedForward % block == 0, $"{WeightType} needs width and feed_forward to be multiples of {block}");
    }
}

/// <summary>Which tokenizer a built model gets.</summary>
public enum VocabularyKind
{
    /// <summary>GPT-2-style byte-level BPE (tokenizer.ggml.model = gpt2), merges learned from a built-in text.</summary>
    BytePairEncoding,

    /// <summary>SentencePiece-style (tokenizer.ggml.model = llama) with byte fallback.</summary>
    SentencePiece,
}
