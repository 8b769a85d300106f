using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace InstructLab.Aspire.Generation.Pipelines;

/// <summary>
/// A YAML mapping of a pipeline file read field by field: every wrong field fails with its position, and a key
/// nobody asked for is an error naming the allowed ones (a typo must not be silently ignored).
/// </summary>
internal sealed class YamlMap(YamlMappingNode node, PipelineSource source, string what)
{
    private readonly HashSet<string> read = new(StringComparer.Ordinal);
    private readonly string file = source.FileName;

    public PipelineSource Source => source;

    public string File => file;

    public SourceLocation Location => At(node);

    public SourceLocation At(YamlNode at) => new(file, (int)at.Start.Line, (int)at.Start.Column);

    public YamlNode? Node(string key)
    {
        read.Add(key);
        return node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
    }

    public SourceLocation LocationOf(string key) => Node(key) is { } value ? At(value) : Location;

    public string String(string key) => OptionalString(key) ?? throw Error(Location, $"{what} needs '{key}'");

    public string? OptionalString(string key) => Node(key) switch
    {
        null => null,
        YamlScalarNode scalar => scalar.Value ?? "",
        var other => throw Error(At(other), $"'{key}' of {what} must be a text"),
    };

    public int Int(string key, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        var text = OptionalString(key);
        if (text is null)
        {
            return fallback;
        }
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw Error(LocationOf(key), $"'{key}' of {what} must be a whole number from {min} to {max}, not '{text}'");
    }

    public double Double(string key, double fallback, double min, double max)
    {
        var text = OptionalString(key);
        if (text is null)
        {
            return fallback;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw Error(LocationOf(key), $"'{key}' of {what} must be a number from {min} to {max}, not '{text}'");
    }

    public YamlMap? OptionalMap(string key, string description) => Node(key) switch
    {
        null => null,
        YamlMappingNode mapping => new YamlMap(mapping, source, description),
        var other => throw Error(At(other), $"'{key}' of {what} must be a mapping"),
    };

    /// <summary>A template field: parsed as Jinja, positioned in the file.</summary>
    public PromptTemplate? OptionalTemplate(string key) => Node(key) is { } value ? PromptTemplate.Read(value, source.Text, file, $"'{key}' of {what}") : null;

    public PromptTemplate Template(string key) => OptionalTemplate(key) ?? throw Error(Location, $"{what} needs '{key}'");

    /// <summary>The mapping items of a list field, each read as a map.</summary>
    public IEnumerable<YamlMap> Maps(string key, string description)
    {
        foreach (var item in OptionalList(key)?.Children ?? [])
        {
            yield return item is YamlMappingNode mapping ? new YamlMap(mapping, source, description) : throw Error(At(item), $"items of '{key}' in {what} must be mappings");
        }
    }

    public YamlSequenceNode? OptionalList(string key) => Node(key) switch
    {
        null => null,
        YamlSequenceNode list => list,
        var other => throw Error(At(other), $"'{key}' of {what} must be a list"),
    };

    public IReadOnlyList<string> Strings(string key)
    {
        var list = OptionalList(key);
        return list is null ? [] : list.Children.Select(item => item is YamlScalarNode { Value: { } value }
            ? value
            : throw Error(At(item), $"items of '{key}' in {what} must be texts")).ToList();
    }

    /// <summary>The keys and their values, for mappings whose keys are names (columns, rubric fields).</summary>
    public IEnumerable<(string Key, YamlNode Value, SourceLocation Location)> Entries()
    {
        foreach (var (key, value) in node.Children)
        {
            var name = key is YamlScalarNode scalar ? scalar.Value ?? "" : throw Error(At(key), $"the keys of {what} must be names, not {key.NodeType.ToString().ToLowerInvariant()}s");
            read.Add(name);
            yield return (name, value, At(key));
        }
    }

    /// <summary>Fails on the first key that was never read.</summary>
    public void RejectUnknownKeys()
    {
        foreach (var key in node.Children.Keys)
        {
            var name = key is YamlScalarNode scalar ? scalar.Value ?? "" : key.ToString();
            if (!read.Contains(name))
            {
                throw Error(At(key), $"unknown field '{name}' in {what} (allowed: {string.Join(", ", read.Order(StringComparer.Ordinal))})");
            }
        }
    }

    public static PipelineException Error(SourceLocation location, string reason) => new(location, reason);
}
