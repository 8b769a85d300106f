namespace InstructLab.Aspire.Taxonomy.Yaml;

/// <summary>Something legal but suspicious found while reading, reported as a warning (e.g. a duplicate key).</summary>
public sealed record YamlNotice(SourcePosition Position, string Rule, string Message);
