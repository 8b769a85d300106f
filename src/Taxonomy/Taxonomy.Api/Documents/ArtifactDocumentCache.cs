using System.Security.Cryptography;
using System.Text;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Taxonomy.Documents;
using InstructLab.Aspire.Taxonomy.Model;

namespace InstructLab.Aspire.Taxonomy.Api.Documents;

/// <summary>
/// Extracted knowledge documents in the artifact store under
/// <c>documents/&lt;repo hash&gt;/&lt;commit&gt;/&lt;patterns hash&gt;.json</c>: a commit's files never change, so
/// once read they are served without touching the repository again, by any instance.
/// </summary>
public sealed class ArtifactDocumentCache(IArtifactStore artifacts) : IDocumentCache
{
    public async Task<DocumentSet?> TryGetAsync(KnowledgeDocumentRef document, CancellationToken cancellationToken)
    {
        var key = Key(document);
        return await artifacts.ExistsAsync(key, cancellationToken) ? await artifacts.ReadJsonAsync<DocumentSet>(key, cancellationToken) : null;
    }

    public Task PutAsync(KnowledgeDocumentRef document, DocumentSet documents, CancellationToken cancellationToken) =>
        artifacts.PutJsonAsync(Key(document), documents, cancellationToken);

    public static string Key(KnowledgeDocumentRef document) =>
        $"documents/{Hash(document.Repo)[..32]}/{document.Commit}/{Hash(string.Join('\n', document.Patterns))[..16]}.json";

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
