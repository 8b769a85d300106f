namespace InstructLab.Aspire.Serving.Grammar;

/// <summary>A schema the grammar builder cannot honour, with the JSON path of the offending keyword.</summary>
public sealed class GrammarException(string path, string message) : Exception($"{path}: {message}")
{
    /// <summary>Where in the schema, e.g. <c>$.properties.age.minimum</c>.</summary>
    public string Path { get; } = path;
}
