namespace InstructLab.Aspire.Taxonomy.Documents;

/// <summary>A knowledge document as text, with where it came from.</summary>
/// <param name="Path">Path in the repository or folder, '/' separated.</param>
/// <param name="Text">Extracted text (Markdown as written; PDF text page by page).</param>
/// <param name="Repo">The repository (or folder) as the leaf names it.</param>
/// <param name="Commit">The commit it was read at; empty for a plain folder.</param>
/// <param name="Sha256">Hash of the original bytes.</param>
public sealed record KnowledgeDocument(string Path, string Text, string Repo, string Commit, string Sha256);

/// <summary>The documents of one <c>document:</c> entry, and what is worth telling about how they were found.</summary>
public sealed record DocumentSet(IReadOnlyList<KnowledgeDocument> Documents, IReadOnlyList<string> Warnings);
