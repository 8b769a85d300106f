namespace InstructLab.Aspire.Taxonomy.Git;

/// <summary>
/// The one check for repositories the taxonomy service reads on a request's behalf, taxonomies
/// (<c>source.git.url</c>) and knowledge documents (<c>document.repo</c>) alike: https, ssh (<c>ssh://</c> or
/// <c>user@host:path</c>) and local paths only — no plain http or git://, no remote helpers (<c>ext::</c>,
/// <c>fd::</c> …) — and a local path (or <c>file://</c>) only under the allowed roots (none listed: any). git itself
/// runs with the same transports allowed (<see cref="GitRunner"/>).
/// </summary>
public static class GitSourcePolicy
{
    private static readonly string[] RemoteSchemes = ["https://", "ssh://"];

    /// <summary>The source to hand to git, and its local path when it is one; throws <see cref="ArgumentException"/> naming the field.</summary>
    public static (string Source, string? LocalPath) Check(string source, string field, IReadOnlyList<string> allowedRoots, string rootsSetting)
    {
        var local = LocalPath(source, field);
        if (local is not null)
        {
            if (allowedRoots.Count > 0 && !allowedRoots.Any(root => Documents.RepositoryPaths.IsInside(root, local)))
            {
                throw new ArgumentException($"{field} {local} is not under a folder this service may read ({rootsSetting}: {string.Join(", ", allowedRoots)})");
            }
            return (local, local);
        }
        if (source.Contains("::", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{field} '{Redact(source)}': git remote helpers (ext::, fd:: …) are not allowed; use https://, ssh://, user@host:path, an absolute path or file://");
        }
        if (RemoteSchemes.Any(scheme => source.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) || IsScpLike(source))
        {
            return (source, null);
        }
        throw new ArgumentException($"{field} '{Redact(source)}': not a repository address this service reads; use https://, ssh://, user@host:path, an absolute path or file://");
    }

    private static string? LocalPath(string source, string field)
    {
        if (source.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            return Uri.TryCreate(source, UriKind.Absolute, out var uri) ? Path.GetFullPath(uri.LocalPath) : throw new ArgumentException($"{field} '{source}' is not a valid file:// URL");
        }
        if (Path.IsPathFullyQualified(source))
        {
            return Path.GetFullPath(source);
        }
        if (source.StartsWith("./", StringComparison.Ordinal) || source.StartsWith("../", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{field} '{source}' is a relative path; use an absolute path or a file:// URL");
        }
        return null;
    }

    /// <summary>git's scp-like syntax: user@host:path.</summary>
    private static bool IsScpLike(string source) =>
        source.IndexOf('@', StringComparison.Ordinal) is var at and > 0 && source.IndexOf(':', at) > at && !source.Contains("::", StringComparison.Ordinal)
        && !source.Contains("://", StringComparison.Ordinal);

    /// <summary>A source for a message: no user information or query in a URL.</summary>
    private static string Redact(string source) => Contracts.Redaction.Url(source);
}
