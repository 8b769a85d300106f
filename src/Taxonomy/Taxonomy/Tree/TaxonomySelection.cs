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
        return await TaxonomyDiff.ChangedFilesAsync(tree, string.IsNullOrWhiteSpace(baseRef) ? TaxonomyDiff.DefaultBase : baseRef, cancellationToken);
    }
}
