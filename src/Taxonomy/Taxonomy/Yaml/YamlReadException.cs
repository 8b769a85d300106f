namespace InstructLab.Aspire.Taxonomy.Yaml;

/// <summary>The YAML cannot be read (syntax, limits, constructs InstructLab's parser rejects), with where.</summary>
public sealed class YamlReadException(string message, SourcePosition position, string rule = "syntax") : Exception(message)
{
    public SourcePosition Position { get; } = position;

    /// <summary>syntax, limits or yaml-1.1.</summary>
    public string Rule { get; } = rule;
}
