using InstructLab.Aspire.Taxonomy.Git;
using InstructLab.Aspire.Taxonomy.Model;

namespace InstructLab.Aspire.Taxonomy.Documents;

/// <summary>
/// Finds a knowledge leaf's documents: <c>document: {repo, commit, patterns}</c> → the repository at exactly that
/// commit (URLs, local paths and file:// URLs; mirrors for air-gapped sites) or a plain local folder, patterns
/// expanded inside it only, text extracted, results cached by repository and commit.
/// </summary>
public sealed class KnowledgeDocumentResolver(DocumentOptions options, IDocumentCache? cache = null)
{
    public DocumentOptions Options => options;

    public async Task<DocumentSet> ResolveAsync(KnowledgeDocumentRef document, CancellationToken cancellationToken = default)
    {
        DocumentPatterns.Validate(document.Patterns);
        if (string.IsNullOrWhiteSpace(document.Repo))
        {
            throw new DocumentException("document.repo: is empty; give a repository URL, an absolute path or a file:// URL");
        }
        string source;
        string? local;
        try
        {
            (source, local) = GitSourcePolicy.Check(options.Mirrors.GetValueOrDefault(document.Repo, document.Repo), "document.repo",
                options.AllowedLocalRoots, "Taxonomy:Documents:AllowedLocalRoots");
        }
        catch (ArgumentException e)
        {
            throw new DocumentException(e.Message);
        }
        if (local is not null && Directory.Exists(local) && !IsGitRepository(local))
        {
            return FolderDocuments.Read(document.Repo, local, document.Commit, document.Patterns, options);
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

    private static bool IsCommitId(string commit) => commit.Length is 40 or 64 && commit.All(char.IsAsciiHexDigitLower);

    private static bool IsGitRepository(string folder) =>
        Directory.Exists(Path.Combine(folder, ".git")) || (File.Exists(Path.Combine(folder, "HEAD")) && Directory.Exists(Path.Combine(folder, "objects")));
}
