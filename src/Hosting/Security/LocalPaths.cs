namespace InstructLab.Aspire.Hosting.Security;

/// <summary>
/// Whether a service may read a local path a request names: it must lie under one of the allowed roots after every
/// symbolic link on the way is followed, and not in a hidden folder (<c>.ssh</c>, <c>.aws</c>, …) below the root.
/// The default root is the user's home.
/// </summary>
public static class LocalPaths
{
    public static IReadOnlyList<string> DefaultRoots { get; } = [Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)];

    /// <summary>The path, resolved, when it is allowed; else an <see cref="ArgumentException"/> naming <paramref name="field"/> and the setting.</summary>
    public static string Check(string path, string field, IReadOnlyCollection<string> roots, string setting)
    {
        if (!Path.IsPathFullyQualified(path))
        {
            throw new ArgumentException($"{field}: '{path}' must be an absolute path.");
        }
        var resolved = Resolve(Path.GetFullPath(path));
        var allowed = roots.Count == 0 ? DefaultRoots : roots;
        foreach (var root in allowed.Select(r => Resolve(Path.GetFullPath(r)).TrimEnd(Path.DirectorySeparatorChar)))
        {
            if (!(resolved + Path.DirectorySeparatorChar).StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }
            var below = Path.GetRelativePath(root, resolved).Split(Path.DirectorySeparatorChar);
            if (below.Any(segment => segment.StartsWith('.') && segment is not "." and not ".."))
            {
                throw new ArgumentException($"{field}: {path} is in a hidden folder, which this service does not read.");
            }
            return resolved;
        }
        throw new ArgumentException($"{field}: {path} is not under a folder this service may read ({setting}: {string.Join(", ", allowed)}).");
    }

    /// <summary>The path with every symbolic link along it followed (parts that do not exist are kept as given).</summary>
    private static string Resolve(string path)
    {
        var root = Path.GetPathRoot(path)!;
        var current = root;
        foreach (var part in path[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.Exists && info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
            {
                current = Path.GetFullPath(target.FullName);
            }
        }
        return current;
    }
}
