using InstructLab.Aspire.Taxonomy.Tree;

namespace InstructLab.Aspire.Taxonomy.Git;

/// <summary>
/// What <c>ilab taxonomy diff</c> reports: the taxonomy files changed since the fork point of HEAD from a base ref,
/// with the working tree's uncommitted changes and untracked files; base <c>empty</c> means every file.
/// </summary>
public static class TaxonomyDiff
{
    /// <summary>The base that stands for "everything".</summary>
    public const string Empty = "empty";

    /// <summary>InstructLab's default base.</summary>
    public const string DefaultBase = "origin/main";

    public static async Task<DiffResult> ChangedFilesAsync(TaxonomyTree tree, string baseRef, CancellationToken cancellationToken = default)
    {
        if (baseRef == Empty)
        {
            return Everything(tree);
        }
        if (!await InGitRepositoryAsync(tree.Root, cancellationToken))
        {
            throw new GitException($"{tree.Root} is not in a git repository, so there is nothing to diff against; use base '{Empty}' to take every file.");
        }
        var resolved = await ResolveAsync(tree.Root, baseRef, cancellationToken);
        var forkPoint = (await GitRunner.RunAsync(tree.Root, ["merge-base", "HEAD", resolved], cancellationToken)).Trim();
        // Fork point against the working tree: committed, staged and unstaged changes; deleted files are gone.
        var changed = GitRunner.Entries(await GitRunner.RunAsync(tree.Root,
            ["diff", "--name-only", "-z", "--no-renames", "--diff-filter=d", "--relative", forkPoint, "--", "."], cancellationToken));
        var untracked = GitRunner.Entries(await GitRunner.RunAsync(tree.Root,
            ["ls-files", "--others", "--exclude-standard", "-z", "--", "."], cancellationToken));
        var files = changed.Concat(untracked).Where(TaxonomyPaths.IsTaxonomyYaml).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var added = GitRunner.Entries(await GitRunner.RunAsync(tree.Root,
            ["diff", "--name-only", "-z", "--no-renames", "--diff-filter=A", "--relative", forkPoint, "--", "."], cancellationToken));
        return new DiffResult(forkPoint, files) { Added = added.Concat(untracked).Where(TaxonomyPaths.IsTaxonomyYaml).ToHashSet(StringComparer.Ordinal) };
    }

    /// <summary>Every file of the taxonomy, saying that it is every file and why.</summary>
    public static DiffResult Everything(TaxonomyTree tree, string? notice = null)
    {
        var all = tree.TaxonomyFiles();
        return new DiffResult(null, all) { Added = all.ToHashSet(StringComparer.Ordinal), Notice = notice };
    }

    /// <summary>Whether <paramref name="folder"/> is inside a git work tree.</summary>
    public static async Task<bool> InGitRepositoryAsync(string folder, CancellationToken cancellationToken)
    {
        try
        {
            await GitRunner.RunAsync(folder, ["rev-parse", "--show-toplevel"], cancellationToken);
            return true;
        }
        catch (GitException)
        {
            return false;
        }
    }

    /// <summary>A branch, remote branch, tag or commit; origin/x also finds a local x and x an origin/x (as in a mirror).</summary>
    private static async Task<string> ResolveAsync(string directory, string baseRef, CancellationToken cancellationToken)
    {
        string[] candidates = baseRef.StartsWith("origin/", StringComparison.Ordinal) ? [baseRef, baseRef["origin/".Length..]] : [baseRef, "origin/" + baseRef];
        foreach (var candidate in candidates)
        {
            try
            {
                return (await GitRunner.RunAsync(directory, ["rev-parse", "--verify", "--quiet", $"{candidate}^{{commit}}"], cancellationToken)).Trim();
            }
            catch (GitException)
            {
                // try the next spelling
            }
        }
        throw new GitException($"Couldn't find the taxonomy git ref '{baseRef}' in {directory} (a branch, remote branch, tag or commit; or '{Empty}' for every file).");
    }
}

/// <summary>The files changed since <see cref="ForkPoint"/> (null for base <c>empty</c>), relative to the taxonomy root.</summary>
public sealed record DiffResult(string? ForkPoint, IReadOnlyList<string> Files)
{
    /// <summary>Those of the files (and maybe others) that did not exist at the fork point: every file for base <c>empty</c>.</summary>
    public IReadOnlySet<string> Added { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>What a person should know about how the files were chosen (a folder without git: every file).</summary>
    public string? Notice { get; init; }
}
