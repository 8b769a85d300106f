namespace InstructLab.Aspire.Taxonomy.Chunking;

/// <summary>How large chunks are, in the counter's units (tokens, or words).</summary>
public sealed record ChunkingOptions
{
    public int MaxTokens { get; init; } = 500;

    /// <summary>How much of the end of a chunk the next one repeats, so facts at a boundary are seen whole.</summary>
    public int OverlapTokens { get; init; } = 50;

    public void Validate()
    {
        if (MaxTokens < 16)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxTokens), MaxTokens, "chunking.max_tokens must be at least 16.");
        }
        if (OverlapTokens < 0 || OverlapTokens >= MaxTokens / 2)
        {
            throw new ArgumentOutOfRangeException(nameof(OverlapTokens), OverlapTokens, $"chunking.overlap_tokens must be between 0 and {MaxTokens / 2 - 1} (half of max_tokens).");
        }
    }
}
