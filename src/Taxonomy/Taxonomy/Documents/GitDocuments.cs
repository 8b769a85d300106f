using System.Security.Cryptography;
using System.Text;
using InstructLab.Aspire.Taxonomy.Git;
using InstructLab.Aspire.Taxonomy.Model;

namespace InstructLab.Aspire.Taxonomy.Documents;

/// <summary>Documents read from a repository at exactly the leaf's commit, through a local mirror.</summary>
internal static class GitDocuments
{
    private const int MaxLinkHops = 8;

    public static async Task<DocumentSet> ReadAsync(KnowledgeDocumentRef document, string source, DocumentOptions options, CancellationToken cancellationToken)
    {
        GitMirror mirror;
        string commit;
        try
        {
            mirror = await GitMirror.OpenAsync(options.CacheDirectory, source, cancellationToken);
            commit = await mirror.ResolveAsync(document.Commit, refresh: false, cancellationToken);
        }
        catch (GitException e)
        {
            throw new DocumentException($"document.commit: {e.Message}");
        }
        var entries = (await mirror.ListAsync(commit, cancellationToken)).ToDictionary(e => e.Path, StringComparer.Ordinal);
        var matched = DocumentPatterns.Match(document.Patterns, entries.Keys);
        if (matched.Count == 0)
        {
            throw new DocumentException(
                $"document.patterns [{string.Join(", ", document.Patterns)}] matched no file in {document.Repo} at {document.Commit}");
        }
        if (matched.Count > options.MaxDocuments)
        {
            throw new DocumentException($"document.patterns match {matched.Count} files; the limit is {options.MaxDocuments} (Taxonomy:Documents:MaxDocuments)");
        }
        var documents = new List<KnowledgeDocument>();
        foreach (var path in matched)
        {
            var entry = await FollowLinksAsync(mirror, entries, entries[path], cancellationToken);
            if (entry.Size > options.MaxDocumentBytes)
            {
                throw new DocumentException($"document '{path}' is {entry.Size:N0} bytes; the limit is {options.MaxDocumentBytes:N0} (Taxonomy:Documents:MaxDocumentBytes)");
            }
            var bytes = await mirror.ReadBlobAsync(entry.ObjectId, cancellationToken);
            documents.Add(new KnowledgeDocument(path, DocumentText.Extract(path, bytes), document.Repo, commit,
                Convert.ToHexStringLower(SHA256.HashData(bytes))));
        }
        return new DocumentSet(documents, []);
    }

    private static async Task<GitTreeEntry> FollowLinksAsync(GitMirror mirror, Dictionary<string, GitTreeEntry> entries, GitTreeEntry entry,
        CancellationToken cancellationToken)
    {
        var start = entry.Path;
        for (var hop = 0; entry.IsSymlink; hop++)
        {
            var target = Encoding.UTF8.GetString(await mirror.ReadBlobAsync(entry.ObjectId, cancellationToken));
            var resolved = RepositoryPaths.ResolveLink(entry.Path, target)
                ?? throw new DocumentException($"document '{start}' is a symbolic link to '{target}', which is outside the repository");
            if (hop >= MaxLinkHops || !entries.TryGetValue(resolved, out var next))
            {
                throw new DocumentException($"document '{start}' is a symbolic link to '{target}', which is not a file of the repository");
            }
            entry = next;
        }
        return entry;
    }
}
