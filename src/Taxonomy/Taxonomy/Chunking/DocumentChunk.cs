namespace InstructLab.Aspire.Taxonomy.Chunking;

/// <summary>
/// A piece of a document: the text between <see cref="Start"/> and <see cref="End"/> (character offsets into the
/// document's extracted text), with its source for provenance.
/// </summary>
public sealed record DocumentChunk
{
    public required string SourcePath { get; init; }

    public required string Repo { get; init; }

    public required string Commit { get; init; }

    /// <summary>0-based position among the document's chunks.</summary>
    public required int Index { get; init; }

    public required int Start { get; init; }

    public required int End { get; init; }

    public required string Text { get; init; }

    /// <summary>Size as the counter measured it.</summary>
    public required int Tokens { get; init; }

    /// <summary>The nearest Markdown heading at or before the chunk's start, if any.</summary>
    public string? Section { get; init; }
}
