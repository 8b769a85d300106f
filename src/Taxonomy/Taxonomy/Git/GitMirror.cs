using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace InstructLab.Aspire.Taxonomy.Git;

/// <summary>
/// A bare local mirror of a repository, kept in a cache folder, from which files are read at a commit without a
/// checkout. A commit missing from the mirror is fetched once; afterwards it is available offline.
/// </summary>
public sealed class GitMirror
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    private GitMirror(string path, string source)
    {
        Path = path;
        Source = source;
    }

    /// <summary>The bare repository on disk.</summary>
    public string Path { get; }

    /// <summary>Where it fetches from (URL or local path).</summary>
    public string Source { get; }

    /// <summary>The mirror of <paramref name="source"/> under <paramref name="cacheDirectory"/>, holding <paramref name="commit"/>.</summary>
    public static async Task<GitMirror> WithCommitAsync(string cacheDirectory, string source, string commit, CancellationToken cancellationToken)
    {
        var path = System.IO.Path.Combine(cacheDirectory, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source)))[..24] + ".git");
        var mirror = new GitMirror(path, source);
        var gate = Gates.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (!Directory.Exists(path))
            {
                Directory.CreateDirectory(path);
                await GitRunner.RunAsync(path, ["init", "--bare", "--quiet"], cancellationToken);
            }
            if (await mirror.HasCommitAsync(commit, cancellationToken))
            {
                return mirror;
            }
            var failures = new List<string>();
            // What the source advertises first; then the commit itself, which servers such as GitHub hand out too.
            string[][] fetches =
            [
                ["fetch", "--quiet", "--no-tags", source, "+refs/heads/*:refs/mirror/heads/*", "+refs/tags/*:refs/mirror/tags/*"],
                ["fetch", "--quiet", "--no-tags", source, commit],
            ];
            foreach (var fetch in fetches)
            {
                try
                {
                    await GitRunner.RunAsync(path, fetch, cancellationToken);
                }
                catch (GitException e)
                {
                    failures.Add(e.Message);
                }
                if (await mirror.HasCommitAsync(commit, cancellationToken))
                {
                    return mirror;
                }
            }
            throw new GitException($"commit {commit} is not in {source}{(failures.Count > 0 ? $" ({failures[0]})" : "")}");
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

    private async Task<bool> HasCommitAsync(string commit, CancellationToken cancellationToken)
    {
        try
        {
            await GitRunner.RunAsync(Path, ["cat-file", "-e", $"{commit}^{{commit}}"], cancellationToken);
            return true;
        }
        catch (GitException)
        {
            return false;
        }
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
