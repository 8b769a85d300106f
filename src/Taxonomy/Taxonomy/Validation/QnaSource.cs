namespace InstructLab.Aspire.Taxonomy.Validation;

/// <summary>A qna.yaml to validate: how to name it in diagnostics, its bytes, and what is beside it.</summary>
/// <param name="File">Path shown in diagnostics (relative to the taxonomy when part of one).</param>
/// <param name="Bytes">The file's content.</param>
/// <param name="HasAttribution">Whether attribution.txt is beside it (InstructLab's CI wants it from version 2).</param>
public sealed record QnaSource(string File, byte[] Bytes, bool HasAttribution);
