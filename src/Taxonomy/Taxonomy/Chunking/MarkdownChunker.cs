using InstructLab.Aspire.Taxonomy.Documents;

namespace InstructLab.Aspire.Taxonomy.Chunking;

/// <summary>
/// Cuts documents into chunks of at most <see cref="ChunkingOptions.MaxTokens"/> tokens of the given counter, at
/// Markdown structure: whole blocks (a table stays whole when it fits), a new chunk preferably at a heading, an
/// oversized block cut at lines, sentences, then words. Each chunk repeats up to
/// <see cref="ChunkingOptions.OverlapTokens"/> of the previous chunk's end, and is a contiguous slice of the text.
/// </summary>
public sealed class MarkdownChunker(ITokenCounter counter, ChunkingOptions options)
{
    public ITokenCounter Counter => counter;

    public async Task<IReadOnlyList<DocumentChunk>> ChunkAsync(KnowledgeDocument document, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var text = document.Text;
        var atoms = new List<TextAtom>();
        var counts = new List<int>();
        foreach (var block in MarkdownAtoms.Blocks(text))
        {
            await AddFittingAsync(text, block, atoms, counts, cancellationToken);
        }

        var chunks = new List<DocumentChunk>();
        for (var first = 0; first < atoms.Count;)
        {
            var end = Pack(atoms, counts, first);
            var (slice, tokens) = await MeasureAsync(text, atoms, first, end, cancellationToken);
            // Token boundaries between atoms can add a token or two: shrink until the whole slice fits.
            while (tokens > options.MaxTokens && end - first > 1)
            {
                end--;
                (slice, tokens) = await MeasureAsync(text, atoms, first, end, cancellationToken);
            }
            chunks.Add(new DocumentChunk
            {
                SourcePath = document.Path,
                Repo = document.Repo,
                Commit = document.Commit,
                Index = chunks.Count,
                Start = atoms[first].Start,
                End = atoms[end - 1].End,
                Text = slice,
                Tokens = tokens,
                Section = atoms[first].Heading,
            });
            if (end >= atoms.Count)
            {
                break;
            }
            first = await OverlapAsync(text, atoms, counts, first, end, cancellationToken);
        }
        return chunks;
    }

    /// <summary>Adds an atom, cut finer until each piece fits in a chunk on its own.</summary>
    private async Task AddFittingAsync(string text, TextAtom atom, List<TextAtom> atoms, List<int> counts, CancellationToken cancellationToken)
    {
        var tokens = await counter.CountAsync(text[atom.Start..atom.End], cancellationToken);
        if (tokens <= options.MaxTokens || atom.End - atom.Start <= 1)
        {
            atoms.Add(atom);
            counts.Add(tokens);
            return;
        }
        foreach (var part in MarkdownAtoms.Split(text, atom))
        {
            await AddFittingAsync(text, part, atoms, counts, cancellationToken);
        }
    }

    /// <summary>The end (exclusive) of the chunk starting at <paramref name="first"/>: greedy, but a heading past half-full starts a new chunk.</summary>
    private int Pack(List<TextAtom> atoms, List<int> counts, int first)
    {
        var tokens = 0;
        var end = first;
        while (end < atoms.Count && (end == first || tokens + counts[end] <= options.MaxTokens))
        {
            if (end > first && atoms[end].IsHeading && tokens >= options.MaxTokens / 2)
            {
                break;
            }
            tokens += counts[end];
            end++;
        }
        return end;
    }

    /// <summary>
    /// Where the next chunk starts: the longest run of whole atoms at the end of this one within the overlap, else the
    /// longest tail of sentences (or words) of its last atom, inserted as an atom of its own; always moving forward.
    /// </summary>
    private async Task<int> OverlapAsync(string text, List<TextAtom> atoms, List<int> counts, int first, int end, CancellationToken cancellationToken)
    {
        if (options.OverlapTokens == 0)
        {
            return end;
        }
        var next = end;
        var tokens = 0;
        while (next - 1 > first && tokens + counts[next - 1] <= options.OverlapTokens)
        {
            next--;
            tokens += counts[next];
        }
        if (next < end)
        {
            return next;
        }
        // No whole atom fits: the longest tail of the last atom's sentences, else of its words.
        var last = atoms[end - 1];
        foreach (var pieces in new[] { MarkdownAtoms.Sentences(text, last), MarkdownAtoms.Words(text, last) })
        {
            // Shorter tails have fewer tokens: binary search for the longest that fits (few calls to a remote tokenizer).
            var (low, high, best, bestTokens) = (1, pieces.Count - 1, -1, 0);
            while (low <= high)
            {
                var from = (low + high) / 2;
                var tailTokens = await counter.CountAsync(text[pieces[from].Start..last.End], cancellationToken);
                if (tailTokens <= options.OverlapTokens)
                {
                    (best, bestTokens, high) = (from, tailTokens, from - 1);
                }
                else
                {
                    low = from + 1;
                }
            }
            if (best > 0)
            {
                atoms.Insert(end, last with { Start = pieces[best].Start, IsHeading = false });
                counts.Insert(end, bestTokens);
                return end;
            }
        }
        return end;
    }

    private async Task<(string Text, int Tokens)> MeasureAsync(string text, List<TextAtom> atoms, int first, int end, CancellationToken cancellationToken)
    {
        var slice = text[atoms[first].Start..atoms[end - 1].End];
        return (slice, await counter.CountAsync(slice, cancellationToken));
    }
}
