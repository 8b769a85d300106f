using InstructLab.Aspire.Taxonomy.Git;

namespace InstructLab.Aspire.Taxonomy.Tree;

/// <summary>Which files a request is about: the ones named, else the diff against a base (all for "empty").</summary>
public static class TaxonomySelection
{
    public static async Task<DiffResult> SelectAsync(TaxonomyTree tree, string? baseRef, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        if (paths.Count > 0)
        {
            return new DiffResult(null, [.. paths.Select(p => p.Replace('\\', '/').TrimStart('/'))]);
        }
        if (baseRef != TaxonomyDiff.Empty && !await TaxonomyDiff.InGitRepositoryAsync(tree.Root, cancellationToken))
        {
            // A plain folder has no history to diff: every file is new to it.
            return TaxonomyDiff.Everything(tree, $"{tree.Root} is not a git repository, so every file is taken (as with base '{TaxonomyDiff.Empty}')");
        }
        return await TaxonomyDiff.ChangedFilesAsync(tree, string.IsNullOrWhiteSpace(baseRef) ? TaxonomyDiff.DefaultBase : baseRef, cancellationToken);
    }
}
