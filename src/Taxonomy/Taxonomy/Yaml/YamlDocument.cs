namespace InstructLab.Aspire.Taxonomy.Yaml;

/// <summary>A read qna.yaml: its top-level node (null for an empty file) and what was noticed on the way.</summary>
public sealed record YamlDocument(SourceNode? Root, IReadOnlyList<YamlNotice> Notices);
