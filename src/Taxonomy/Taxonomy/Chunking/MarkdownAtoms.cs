using System.Text.RegularExpressions;
using Markdig;
using Markdig.Syntax;

namespace InstructLab.Aspire.Taxonomy.Chunking;

/// <summary>Splits a document at its Markdown structure, and an oversized block at lines, sentences, then words.</summary>
internal static partial class MarkdownAtoms
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().UseGridTables().Build();

    /// <summary>Top-level blocks: headings, paragraphs, tables, lists, code, quotes.</summary>
    public static List<TextAtom> Blocks(string text)
    {
        var atoms = new List<TextAtom>();
        string? heading = null;
        foreach (var block in Markdown.Parse(text, Pipeline))
        {
            if (block.Span.IsEmpty || block.Span.End < block.Span.Start)
            {
                continue;
            }
            var end = Math.Min(text.Length, block.Span.End + 1);
            if (block is HeadingBlock)
            {
                heading = text[block.Span.Start..end].Trim().TrimStart('#').Trim();
            }
            atoms.Add(new TextAtom(block.Span.Start, end, block is HeadingBlock, heading));
        }
        return atoms;
    }

    /// <summary>A finer split of one atom: lines if it has several, else sentences, else words, else halves.</summary>
    public static List<TextAtom> Split(string text, TextAtom atom)
    {
        var slice = text[atom.Start..atom.End];
        foreach (var separator in new[] { LineBreak(), SentenceEnd(), Whitespace() })
        {
            var parts = Pieces(slice, separator).Select(p => atom with { Start = atom.Start + p.Start, End = atom.Start + p.End, IsHeading = false }).ToList();
            if (parts.Count > 1)
            {
                return parts;
            }
        }
        var middle = atom.Start + (atom.End - atom.Start) / 2;
        return [atom with { End = middle, IsHeading = false }, atom with { Start = middle, IsHeading = false }];
    }

    /// <summary>The sentences of an atom, in order (one piece when it has no sentence break).</summary>
    public static List<TextAtom> Sentences(string text, TextAtom atom) =>
        [.. Pieces(text[atom.Start..atom.End], SentenceEnd()).Select(p => atom with { Start = atom.Start + p.Start, End = atom.Start + p.End, IsHeading = false })];

    /// <summary>The words of an atom, in order.</summary>
    public static List<TextAtom> Words(string text, TextAtom atom) =>
        [.. Pieces(text[atom.Start..atom.End], Whitespace()).Select(p => atom with { Start = atom.Start + p.Start, End = atom.Start + p.End, IsHeading = false })];

    private static IEnumerable<(int Start, int End)> Pieces(string slice, Regex separator)
    {
        var start = 0;
        foreach (Match boundary in separator.Matches(slice))
        {
            if (boundary.Index > start)
            {
                yield return (start, boundary.Index);
            }
            start = boundary.Index + boundary.Length;
        }
        if (start < slice.Length)
        {
            yield return (start, slice.Length);
        }
    }

    [GeneratedRegex(@"\n+")]
    private static partial Regex LineBreak();

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
