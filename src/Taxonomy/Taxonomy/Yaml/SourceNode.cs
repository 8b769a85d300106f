namespace InstructLab.Aspire.Taxonomy.Yaml;

/// <summary>A YAML node with the position it starts at. Aliases are the same object as their anchor's node.</summary>
public abstract class SourceNode(SourcePosition position)
{
    public SourcePosition Position { get; } = position;
}

/// <summary>A scalar, resolved as PyYAML's SafeLoader (YAML 1.1) resolves it.</summary>
public sealed class SourceScalar(SourcePosition position, string text, bool quoted, YamlValue value) : SourceNode(position)
{
    /// <summary>The scalar as written (after YAML's folding and escapes).</summary>
    public string Text { get; } = text;

    /// <summary>Single- or double-quoted, or a block scalar: always a string.</summary>
    public bool Quoted { get; } = quoted;

    public YamlValue Value { get; } = value;
}

public sealed class SourceSequence(SourcePosition position) : SourceNode(position)
{
    public List<SourceNode> Items { get; } = [];
}

public sealed class SourceMapping(SourcePosition position) : SourceNode(position)
{
    /// <summary>Entries after merge keys are applied; a later duplicate key replaces an earlier one.</summary>
    public List<SourceEntry> Entries { get; } = [];

    public SourceNode? this[string key] => Entries.FirstOrDefault(e => e.Key == key)?.Value;
}

/// <summary>A mapping entry; <see cref="KeyPosition"/> is where the key is written.</summary>
public sealed record SourceEntry(string Key, SourcePosition KeyPosition, SourceNode Value);
