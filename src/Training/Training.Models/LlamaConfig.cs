using InstructLab.Aspire.Gguf.Format;

namespace InstructLab.Aspire.Training.Models;

/// <summary>How llama.cpp rotates query and key pairs: adjacent elements (llama) or the two halves (qwen2, NeoX).</summary>
public enum RopeStyle
{
    Interleaved,
    Halves,
}

/// <summary>The hyperparameters of a Llama-family decoder, as GGUF metadata states them.</summary>
public sealed record LlamaConfig
{
    public required string Architecture { get; init; }

    public required int Layers { get; init; }

    public required int Width { get; init; }

    public required int Heads { get; init; }

    public required int KeyValueHeads { get; init; }

    public required int FeedForward { get; init; }

    public required int VocabularySize { get; init; }

    public required int ContextLength { get; init; }

    /// <summary>Rotated dimensions of each head (the rest pass through).</summary>
    public required int RopeDimensions { get; init; }

    public float RopeFreqBase { get; init; } = 10000f;

    /// <summary>Linear RoPE scaling: positions are multiplied by this (1 / scaling factor).</summary>
    public float RopeFreqScale { get; init; } = 1f;

    public RopeStyle RopeStyle { get; init; } = RopeStyle.Interleaved;

    public float RmsEpsilon { get; init; } = 1e-5f;

    /// <summary>The output head is the token embedding.</summary>
    public bool TiedEmbeddings { get; init; }

    /// <summary>Query, key and value projections have biases (qwen2).</summary>
    public bool AttentionBias { get; init; }

    public int HeadDimension => Width / Heads;

    /// <summary>Reads the configuration of a llama or qwen2 model; throws naming what is missing or unsupported.</summary>
    public static LlamaConfig FromGguf(GgufFile file)
    {
        var metadata = file.Metadata;
        var arch = metadata.String(GgufKeys.Architecture) ?? throw new InvalidDataException($"{file.Path}: no {GgufKeys.Architecture}");
        if (arch is not ("llama" or "qwen2"))
        {
            throw new NotSupportedException($"{file.Path}: architecture '{arch}' is not supported (llama, qwen2 are)");
        }
        int Require(string key) => (int)(metadata.Integer(GgufKeys.Of(arch, key)) ?? throw new InvalidDataException($"{file.Path}: no {GgufKeys.Of(arch, key)}"));
        var width = Require("embedding_length");
        var heads = Require("attention.head_count");
        var scaling = metadata.String(GgufKeys.Of(arch, "rope.scaling.type"));
        if (scaling is not (null or "none" or "linear"))
        {
            throw new NotSupportedException($"{file.Path}: rope scaling '{scaling}' is not supported (none, linear are)");
        }
        var factor = (float)(metadata.Float(GgufKeys.Of(arch, "rope.scaling.factor")) ?? 1.0);
        return new LlamaConfig
        {
            Architecture = arch,
            Layers = Require("block_count"),
            Width = width,
            Heads = heads,
            KeyValueHeads = (int)(metadata.Integer(GgufKeys.Of(arch, "attention.head_count_kv")) ?? heads),
            FeedForward = Require("feed_forward_length"),
            VocabularySize = (int)(metadata.Integer(GgufKeys.Of(arch, "vocab_size")) ?? metadata[GgufKeys.Tokens]?.Count
                ?? throw new InvalidDataException($"{file.Path}: no vocabulary size")),
            ContextLength = Require("context_length"),
            RopeDimensions = (int)(metadata.Integer(GgufKeys.Of(arch, "rope.dimension_count")) ?? width / heads),
            RopeFreqBase = (float)(metadata.Float(GgufKeys.Of(arch, "rope.freq_base")) ?? 10000.0),
            RopeFreqScale = scaling == "linear" && factor > 0 ? 1 / factor : 1f,
            RopeStyle = arch == "qwen2" ? RopeStyle.Halves : RopeStyle.Interleaved,
            RmsEpsilon = (float)(metadata.Float(GgufKeys.Of(arch, "attention.layer_norm_rms_epsilon")) ?? 1e-5),
            TiedEmbeddings = file.Tensor("output.weight") is null,
            AttentionBias = file.Tensor("blk.0.attn_q.bias") is not null,
        };
    }
}
