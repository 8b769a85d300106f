namespace InstructLab.Aspire.Taxonomy.Documents;

/// <summary>Knowledge documents cannot be read; the message names the field (document.repo, …) and what is allowed.</summary>
public sealed class DocumentException(string message) : Exception(message);
