using InstructLab.Aspire.Taxonomy.Git;
using InstructLab.Aspire.Taxonomy.Tree;

namespace InstructLab.Aspire.Taxonomy.Api.Sources;

/// <summary>A taxonomy ready to read: a local folder as it is, or a git ref checked out for the request (removed after).</summary>
public sealed class TaxonomyCheckout : IAsyncDisposable
{
    private readonly GitMirror? mirror;

    private TaxonomyCheckout(TaxonomyTree tree, GitMirror? mirror)
    {
        Tree = tree;
        this.mirror = mirror;
    }

    public TaxonomyTree Tree { get; }

    public static TaxonomyCheckout Local(string folder, TreeLimits limits) => new(new TaxonomyTree(folder, limits), null);

    public static async Task<TaxonomyCheckout> GitAsync(string cacheDirectory, string url, string reference, TreeLimits limits, CancellationToken cancellationToken)
    {
        var mirror = await GitMirror.OpenAsync(Path.Combine(cacheDirectory, "taxonomies"), url, cancellationToken);
        var commit = await mirror.ResolveAsync(string.IsNullOrEmpty(reference) ? "HEAD" : reference, refresh: true, cancellationToken);
        var folder = Path.Combine(cacheDirectory, "checkouts", Guid.NewGuid().ToString("N"));
        await mirror.AddWorktreeAsync(folder, commit, cancellationToken);
        return new TaxonomyCheckout(new TaxonomyTree(folder, limits), mirror);
    }

    public async ValueTask DisposeAsync()
    {
        if (mirror is not null)
        {
            await mirror.RemoveWorktreeAsync(Tree.Root);
        }
    }
}
