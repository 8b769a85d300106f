using InstructLab.Aspire.Gguf.Format;

namespace InstructLab.Aspire.Gguf.Inspection;

/// <summary>What a person wants to know about a GGUF model first: its shape, tokenizer, weights and size.</summary>
public sealed record GgufSummary
{
    public required string Path { get; init; }
    public required long FileBytes { get; init; }
    public required uint Version { get; init; }
    public required int Alignment { get; init; }
    public string? Name { get; init; }
    public string? Architecture { get; init; }
    public long? ContextLength { get; init; }
    public long? EmbeddingLength { get; init; }
    public long? BlockCount { get; init; }
    public long? FeedForwardLength { get; init; }
    public long? HeadCount { get; init; }
    public long? KeyValueHeadCount { get; init; }
    public double? RopeFreqBase { get; init; }
    public string? TokenizerModel { get; init; }
    public string? TokenizerPre { get; init; }
    public long? VocabularySize { get; init; }
    public long? MergeCount { get; init; }
    public long? BosTokenId { get; init; }
    public long? EosTokenId { get; init; }
    public bool HasChatTemplate { get; init; }
    public required long ParameterCount { get; init; }
    public required long TensorBytes { get; init; }

    /// <summary>Tensor count and parameters per storage type, most parameters first.</summary>
    public required IReadOnlyList<TypeShare> Types { get; init; }

    /// <summary>Summarizes an opened file.</summary>
    public static GgufSummary Of(GgufFile file)
    {
        var metadata = file.Metadata;
        var architecture = metadata.String(GgufKeys.Architecture);
        long? Architectural(string key) => architecture is null ? null : metadata.Integer(GgufKeys.Of(architecture, key));
        return new GgufSummary
        {
            Path = file.Path,
            FileBytes = new FileInfo(file.Path).Length,
            Version = file.Version,
            Alignment = file.Alignment,
            Name = metadata.String(GgufKeys.Name),
            Architecture = architecture,
            ContextLength = Architectural("context_length"),
            EmbeddingLength = Architectural("embedding_length"),
            BlockCount = Architectural("block_count"),
            FeedForwardLength = Architectural("feed_forward_length"),
            HeadCount = Architectural("attention.head_count"),
            KeyValueHeadCount = Architectural("attention.head_count_kv"),
            RopeFreqBase = architecture is null ? null : metadata.Float(GgufKeys.Of(architecture, "rope.freq_base")),
            TokenizerModel = metadata.String(GgufKeys.TokenizerModel),
            TokenizerPre = metadata.String(GgufKeys.TokenizerPre),
            VocabularySize = metadata[GgufKeys.Tokens]?.Count,
            MergeCount = metadata[GgufKeys.Merges]?.Count,
            BosTokenId = metadata.Integer(GgufKeys.BosTokenId),
            EosTokenId = metadata.Integer(GgufKeys.EosTokenId),
            HasChatTemplate = metadata.Contains(GgufKeys.ChatTemplate),
            ParameterCount = file.Tensors.Sum(t => t.ElementCount),
            TensorBytes = file.Tensors.Sum(t => t.ByteSize),
            Types = [.. file.Tensors
                .GroupBy(t => t.Type)
                .Select(g => new TypeShare(g.Key, g.Count(), g.Sum(t => t.ElementCount)))
                .OrderByDescending(s => s.Parameters)],
        };
    }
}

/// <summary>How many tensors and parameters are stored as one type.</summary>
public sealed record TypeShare(GgmlType Type, int Tensors, long Parameters);
