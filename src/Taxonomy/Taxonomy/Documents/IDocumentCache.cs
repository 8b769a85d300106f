using InstructLab.Aspire.Taxonomy.Model;

namespace InstructLab.Aspire.Taxonomy.Documents;

/// <summary>
/// Extracted documents by (repository, commit, patterns): what was read once at a commit never needs the
/// repository again. The taxonomy service keeps them in the artifact store.
/// </summary>
public interface IDocumentCache
{
    Task<DocumentSet?> TryGetAsync(KnowledgeDocumentRef document, CancellationToken cancellationToken);

    Task PutAsync(KnowledgeDocumentRef document, DocumentSet documents, CancellationToken cancellationToken);
}
