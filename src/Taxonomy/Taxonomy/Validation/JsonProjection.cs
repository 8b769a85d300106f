using System.Text.Json.Nodes;
using InstructLab.Aspire.Taxonomy.Yaml;

namespace InstructLab.Aspire.Taxonomy.Validation;

/// <summary>
/// The YAML tree as JSON for the schema, with every JSON pointer mapped back to its YAML node and key position.
/// Aliases and merges are expanded here, so this is where <see cref="YamlLimits.MaxNodes"/> and
/// <see cref="YamlLimits.MaxDepth"/> stop alias bombs.
/// </summary>
internal sealed class JsonProjection
{
    private readonly Dictionary<string, SourceNode> nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SourcePosition> keys = new(StringComparer.Ordinal);
    private readonly YamlLimits limits;
    private int emitted;

    private JsonProjection(YamlLimits limits)
    {
        this.limits = limits;
    }

    public JsonNode? Root { get; private set; }

    public static JsonProjection Of(SourceNode root, YamlLimits limits)
    {
        var projection = new JsonProjection(limits);
        projection.Root = projection.Project(root, "", 0);
        return projection;
    }

    public SourceNode? NodeAt(string pointer) => nodes.GetValueOrDefault(pointer);

    /// <summary>Where the key of the entry at <paramref name="pointer"/> is written, else where its value starts.</summary>
    public SourcePosition PositionOf(string pointer) =>
        keys.TryGetValue(pointer, out var key) ? key : nodes.TryGetValue(pointer, out var node) ? node.Position : SourcePosition.Start;

    private JsonNode? Project(SourceNode node, string pointer, int depth)
    {
        if (++emitted > limits.MaxNodes)
        {
            throw new YamlReadException(
                $"the file expands to more than {limits.MaxNodes} values through aliases and merge keys (limit Taxonomy:Limits:MaxNodes)", node.Position, "limits");
        }
        if (depth > limits.MaxDepth)
        {
            throw new YamlReadException($"aliases nest deeper than {limits.MaxDepth} levels (limit Taxonomy:Limits:MaxDepth)", node.Position, "limits");
        }
        nodes[pointer] = node;
        switch (node)
        {
            case SourceMapping mapping:
                var json = new JsonObject();
                foreach (var entry in mapping.Entries)
                {
                    var child = $"{pointer}/{Escape(entry.Key)}";
                    keys[child] = entry.KeyPosition;
                    json[entry.Key] = Project(entry.Value, child, depth + 1);
                }
                return json;
            case SourceSequence sequence:
                var array = new JsonArray();
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    array.Add(Project(sequence.Items[i], $"{pointer}/{i}", depth + 1));
                }
                return array;
            default:
                return Scalar(((SourceScalar)node).Value);
        }
    }

    private static JsonNode? Scalar(YamlValue value) => value.Kind switch
    {
        YamlValueKind.String => JsonValue.Create(value.String),
        YamlValueKind.Null => null,
        YamlValueKind.Boolean => JsonValue.Create(value.Boolean),
        YamlValueKind.Integer when value.IntegerOverflows => JsonValue.Create(double.Parse(value.String!, System.Globalization.CultureInfo.InvariantCulture)),
        YamlValueKind.Integer => JsonValue.Create(value.Integer),
        // JSON has no NaN or infinity; any number has the same type for the schema.
        YamlValueKind.Float => JsonValue.Create(double.IsFinite(value.Float) ? value.Float : 0),
        // PyYAML makes a datetime, which is not a string; an empty object fails "type: string" the same way.
        _ => new JsonObject(),
    };

    private static string Escape(string key) => key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
