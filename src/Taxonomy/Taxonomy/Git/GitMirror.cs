using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace InstructLab.Aspire.Taxonomy.Git;

/// <summary>
/// A bare local mirror of a repository, kept in a cache folder, from which files are read at a commit without a
/// checkout. A commit is fetched once; afterwards it is available offline.
/// </summary>
public sealed class GitMirror
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim gate;

    private GitMirror(string path, string source)
    {
        Path = path;
        Source = source;
        gate = Gates.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
    }

    /// <summary>The bare repository on disk.</summary>
    public string Path { get; }

    /// <summary>Where it fetches from (URL or local path).</summary>
    public string Source { get; }

    /// <summary>The mirror of <paramref name="source"/> under <paramref name="cacheDirectory"/>, created empty if new.</summary>
    public static async Task<GitMirror> OpenAsync(string cacheDirectory, string source, CancellationToken cancellationToken)
    {
        var path = System.IO.Path.Combine(cacheDirectory, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source)))[..24] + ".git");
        var mirror = new GitMirror(path, source);
        await mirror.gate.WaitAsync(cancellationToken);
        try
        {
            if (!File.Exists(System.IO.Path.Combine(path, "HEAD")))
            {
                Directory.CreateDirectory(path);
                await GitRunner.RunAsync(path, ["init", "--bare", "--quiet"], cancellationToken);
            }
            return mirror;
        }
        finally
        {
            mirror.gate.Release();
        }
    }

    /// <summary>
    /// The commit <paramref name="reference"/> names: a commit id, a branch (origin/&lt;branch&gt;), a tag, or HEAD for the
    /// source's default branch. What the mirror already has is used without asking the source unless
    /// <paramref name="refresh"/> (branches move; commits do not).
    /// </summary>
    public async Task<string> ResolveAsync(string reference, bool refresh, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (!refresh && await TryResolveAsync(reference, cancellationToken) is { } known)
            {
                return known;
            }
            var failures = new List<string>();
            // What the source advertises (its HEAD included); then the commit itself, which servers such as GitHub hand out too.
            string[][] fetches =
            [
                ["fetch", "--quiet", "--no-tags", "--prune", Source, "+HEAD:refs/remotes/origin/HEAD", "+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"],
                ["fetch", "--quiet", "--no-tags", Source, reference],
            ];
            foreach (var fetch in fetches)
            {
                try
                {
                    await GitRunner.RunAsync(Path, fetch, cancellationToken);
                }
                catch (GitException e)
                {
                    failures.Add(e.Message);
                }
                if (await TryResolveAsync(reference, cancellationToken) is { } found)
                {
                    return found;
                }
            }
            throw new GitException($"{(reference.Length == 40 ? "commit " : "")}{reference} is not in {Source}{(failures.Count > 0 ? $" ({failures[0]})" : "")}");
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Every file of the commit's tree.</summary>
    public async Task<IReadOnlyList<GitTreeEntry>> ListAsync(string commit, CancellationToken cancellationToken)
    {
        var output = await GitRunner.RunAsync(Path, ["ls-tree", "-r", "-z", "-l", "--full-tree", commit], cancellationToken);
        return [.. GitRunner.Entries(output).Select(Parse).Where(e => e is not null).Select(e => e!)];
    }

    public Task<byte[]> ReadBlobAsync(string objectId, CancellationToken cancellationToken) =>
        GitRunner.ReadBytesAsync(Path, ["cat-file", "blob", objectId], cancellationToken);

    /// <summary>Checks out a commit into a folder of its own (a git worktree; remove it with <see cref="RemoveWorktreeAsync"/>).</summary>
    public async Task AddWorktreeAsync(string folder, string commit, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            await GitRunner.RunAsync(Path, ["worktree", "add", "--quiet", "--detach", folder, commit], cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task RemoveWorktreeAsync(string folder)
    {
        await gate.WaitAsync();
        try
        {
            await GitRunner.RunAsync(Path, ["worktree", "remove", "--force", folder], CancellationToken.None);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<string?> TryResolveAsync(string reference, CancellationToken cancellationToken)
    {
        foreach (var candidate in new[] { reference, $"origin/{reference}", $"refs/tags/{reference}" })
        {
            try
            {
                return (await GitRunner.RunAsync(Path, ["rev-parse", "--verify", "--quiet", $"{candidate}^{{commit}}"], cancellationToken)).Trim();
            }
            catch (GitException)
            {
                // try the next spelling
            }
        }
        return null;
    }

    /// <summary>"mode type id size\tpath"; submodules (type commit) have no file to read.</summary>
    private static GitTreeEntry? Parse(string line)
    {
        var tab = line.IndexOf('\t', StringComparison.Ordinal);
        var fields = line[..tab].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields[1] == "blob"
            ? new GitTreeEntry(fields[0], fields[2], long.Parse(fields[3], CultureInfo.InvariantCulture), line[(tab + 1)..])
            : null;
    }
}
