using System.Runtime.CompilerServices;
using InstructLab.Aspire.Taxonomy.Chunking;
using InstructLab.Aspire.Taxonomy.Documents;
using InstructLab.Aspire.Taxonomy.Git;
using InstructLab.Aspire.Taxonomy.Model;
using InstructLab.Aspire.Taxonomy.Tree;
using InstructLab.Aspire.Taxonomy.Validation;

namespace InstructLab.Aspire.Taxonomy.Api.Leaves;

/// <summary>What the RPCs do: select files, validate them, turn valid ones into leaves, fetch and chunk documents.</summary>
public sealed class LeafProvider(QnaValidator validator, KnowledgeDocumentResolver documents)
{
    public async Task<(DiffResult Selection, TaxonomyReport Report)> ValidateAsync(TaxonomyTree tree, string? baseRef,
        IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var selection = await TaxonomySelection.SelectAsync(tree, baseRef, paths, cancellationToken);
        return (selection, tree.Validate(validator, selection.Files));
    }

    /// <summary>The selected leaves; throws <see cref="InvalidTaxonomyException"/> when any selected file is invalid.</summary>
    public async IAsyncEnumerable<(TaxonomyLeaf Leaf, IReadOnlyList<DocumentChunk> Chunks, bool Added)> LeavesAsync(TaxonomyTree tree, string? baseRef,
        ITokenCounter? chunkWith, ChunkingOptions chunking, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (selection, report) = await ValidateAsync(tree, baseRef, [], cancellationToken);
        if (!report.IsValid)
        {
            throw new InvalidTaxonomyException(report);
        }
        foreach (var leaf in TaxonomyTree.Leaves(report))
        {
            var chunks = chunkWith is not null && leaf.Document is { } document
                ? await ChunksAsync(document, chunkWith, chunking, cancellationToken)
                : [];
            yield return (leaf, chunks, selection.Added.Contains(leaf.Path));
        }
    }

    /// <summary>The knowledge leaf at <paramref name="path"/>; throws when it is invalid or not a knowledge leaf.</summary>
    public TaxonomyLeaf KnowledgeLeaf(TaxonomyTree tree, string path)
    {
        var report = tree.Validate(validator, [path]);
        if (!report.IsValid)
        {
            throw new InvalidTaxonomyException(report);
        }
        var leaf = TaxonomyTree.Leaves(report).SingleOrDefault()
            ?? throw new ArgumentException($"leaf_path '{path}' is empty");
        return leaf.Document is null ? throw new ArgumentException($"leaf_path '{path}' is a {leaf.Kind} leaf; only knowledge leaves have documents") : leaf;
    }

    public async Task<IReadOnlyList<DocumentChunk>> ChunksAsync(KnowledgeDocumentRef document, ITokenCounter counter, ChunkingOptions chunking,
        CancellationToken cancellationToken)
    {
        var set = await documents.ResolveAsync(document, cancellationToken);
        var chunker = new MarkdownChunker(counter, chunking);
        var chunks = new List<DocumentChunk>();
        foreach (var text in set.Documents)
        {
            chunks.AddRange(await chunker.ChunkAsync(text, cancellationToken));
        }
        return chunks;
    }
}
