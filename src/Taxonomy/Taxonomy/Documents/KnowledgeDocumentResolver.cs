using InstructLab.Aspire.Taxonomy.Model;

namespace InstructLab.Aspire.Taxonomy.Documents;

/// <summary>
/// Finds a knowledge leaf's documents: <c>document: {repo, commit, patterns}</c> → the repository at exactly that
/// commit (URLs, local paths and file:// URLs; mirrors for air-gapped sites) or a plain local folder, patterns
/// expanded inside it only, text extracted, results cached by repository and commit.
/// </summary>
public sealed class KnowledgeDocumentResolver(DocumentOptions options, IDocumentCache? cache = null)
{
    private static readonly string[] RemoteSchemes = ["https://", "http://", "ssh://", "git://"];

    public DocumentOptions Options => options;

    public async Task<DocumentSet> ResolveAsync(KnowledgeDocumentRef document, CancellationToken cancellationToken = default)
    {
        DocumentPatterns.Validate(document.Patterns);
        if (string.IsNullOrWhiteSpace(document.Repo))
        {
            throw new DocumentException("document.repo: is empty; give a repository URL, an absolute path or a file:// URL");
        }
        var source = options.Mirrors.GetValueOrDefault(document.Repo, document.Repo);
        var local = LocalPath(source);
        if (local is not null)
        {
            CheckAllowed(local);
            if (Directory.Exists(local) && !IsGitRepository(local))
            {
                return FolderDocuments.Read(document.Repo, local, document.Commit, document.Patterns, options);
            }
        }
        else if (!RemoteSchemes.Any(scheme => source.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) && !IsScpLike(source))
        {
            throw new DocumentException(
                $"document.repo '{document.Repo}': not a repository address; use https://, http://, ssh://, git://, user@host:path, an absolute path or file://");
        }
        if (string.IsNullOrWhiteSpace(document.Commit))
        {
            throw new DocumentException("document.commit: is empty; name the commit the documents are read at");
        }
        // Only a full commit id pins the content; a branch name would make the cache serve stale documents.
        var cacheable = cache is not null && IsCommitId(document.Commit);
        if (cacheable && await cache!.TryGetAsync(document, cancellationToken) is { } cached)
        {
            return cached;
        }
        DocumentSet documents;
        try
        {
            documents = await GitDocuments.ReadAsync(document, local ?? source, options, cancellationToken);
        }
        catch (DocumentException) when (local is not null && !Directory.Exists(local))
        {
            // A commit already in the mirror is read without the repository; otherwise say what is missing.
            throw new DocumentException($"document.repo: the folder {local} does not exist");
        }
        if (cacheable)
        {
            await cache!.PutAsync(document, documents, cancellationToken);
        }
        return documents;
    }

    private static string? LocalPath(string source)
    {
        if (source.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            return Uri.TryCreate(source, UriKind.Absolute, out var uri) ? Path.GetFullPath(uri.LocalPath) : null;
        }
        if (Path.IsPathFullyQualified(source))
        {
            return Path.GetFullPath(source);
        }
        if (source.StartsWith("./", StringComparison.Ordinal) || source.StartsWith("../", StringComparison.Ordinal))
        {
            throw new DocumentException($"document.repo '{source}' is a relative path; use an absolute path or a file:// URL");
        }
        return null;
    }

    private void CheckAllowed(string local)
    {
        if (options.AllowedLocalRoots.Count > 0 && !options.AllowedLocalRoots.Any(root => RepositoryPaths.IsInside(root, local)))
        {
            throw new DocumentException(
                $"document.repo {local} is not under a folder this service may read (Taxonomy:Documents:AllowedLocalRoots: {string.Join(", ", options.AllowedLocalRoots)})");
        }
    }

    private static bool IsCommitId(string commit) => commit.Length is 40 or 64 && commit.All(char.IsAsciiHexDigitLower);

    private static bool IsGitRepository(string folder) =>
        Directory.Exists(Path.Combine(folder, ".git")) || (File.Exists(Path.Combine(folder, "HEAD")) && Directory.Exists(Path.Combine(folder, "objects")));

    /// <summary>git's scp-like syntax: user@host:path.</summary>
    private static bool IsScpLike(string source) =>
        source.IndexOf('@', StringComparison.Ordinal) is var at and > 0 && source.IndexOf(':', at) > at && !source.Contains("::", StringComparison.Ordinal);
}
