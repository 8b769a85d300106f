namespace InstructLab.Aspire.Taxonomy.Yaml;

/// <summary>Bounds on what a qna.yaml may cost to read, so hostile files fail fast (setting section <c>Taxonomy:Limits</c>).</summary>
public sealed class YamlLimits
{
    /// <summary>Largest file read; real qna.yaml files are a few kilobytes.</summary>
    public long MaxFileBytes { get; set; } = 1024 * 1024;

    /// <summary>Deepest nesting of mappings and sequences (real files: 5).</summary>
    public int MaxDepth { get; set; } = 64;

    /// <summary>Most nodes after expanding aliases and merge keys (defeats "billion laughs").</summary>
    public int MaxNodes { get; set; } = 100_000;
}
