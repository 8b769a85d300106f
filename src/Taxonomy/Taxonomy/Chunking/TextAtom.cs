namespace InstructLab.Aspire.Taxonomy.Chunking;

/// <summary>The smallest piece a chunk is built from: a Markdown block, or a line, sentence or word of a block too large to fit.</summary>
internal readonly record struct TextAtom(int Start, int End, bool IsHeading, string? Heading);
