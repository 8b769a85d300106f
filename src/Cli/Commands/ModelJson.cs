using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Nodes;
using InstructLab.Aspire.Gguf.Format;
using InstructLab.Aspire.Gguf.Inspection;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary>
/// JSON output of <c>lab model inspect</c>: the summary, every metadata entry as <c>{type, value}</c> (arrays as
/// <c>{type: "array", element_type, count, head}</c> with their first 16 items) and the tensors.
/// </summary>
internal static class ModelJson
{
    private const int ArrayHead = 16;

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        // Token strings are mostly <, >, ' and non-ASCII: keep them readable (this JSON is never embedded in HTML).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Format(GgufFile file, GgufSummary summary, bool withTensors)
    {
        var root = new JsonObject
        {
            ["summary"] = JsonSerializer.SerializeToNode(summary, Options),
            ["metadata"] = Metadata(file.Metadata),
        };
        if (withTensors)
        {
            root["tensors"] = new JsonArray([.. file.Tensors.Select(t => (JsonNode)new JsonObject
            {
                ["name"] = t.Name,
                ["type"] = t.Type.ToString(),
                ["shape"] = new JsonArray([.. t.Shape.Select(d => (JsonNode)d)]),
                ["offset"] = file.DataOffset + (long)t.Offset,
                ["bytes"] = t.ByteSize,
            })]);
        }
        return root.ToJsonString(Options);
    }

    private static JsonObject Metadata(GgufMetadata metadata)
    {
        var json = new JsonObject();
        foreach (var (key, value) in metadata.Entries)
        {
            json[key] = value.Type == GgufValueType.Array
                ? new JsonObject
                {
                    ["type"] = "array",
                    ["element_type"] = value.ElementType.ToString().ToLowerInvariant(),
                    ["count"] = value.Count,
                    ["head"] = new JsonArray([.. Items(value).Take(ArrayHead)]),
                }
                : new JsonObject { ["type"] = value.Type.ToString().ToLowerInvariant(), ["value"] = Scalar(value) };
        }
        return json;
    }

    private static JsonNode? Scalar(GgufValue value) => value.Type switch
    {
        GgufValueType.String => value.AsString(),
        GgufValueType.Bool => value.AsBool(),
        GgufValueType.Float32 or GgufValueType.Float64 => value.AsFloat(),
        _ => value.AsInteger(),
    };

    private static IEnumerable<JsonNode?> Items(GgufValue value) => value.Raw switch
    {
        byte[][] strings => strings.Select(s => (JsonNode?)System.Text.Encoding.UTF8.GetString(s)),
        float[] floats => floats.Select(f => (JsonNode?)f),
        double[] doubles => doubles.Select(d => (JsonNode?)d),
        bool[] bools => bools.Select(b => (JsonNode?)b),
        ulong[] longs => longs.Select(l => (JsonNode?)l),
        Array array => array.Cast<object>().Select(o => (JsonNode?)Convert.ToInt64(o, System.Globalization.CultureInfo.InvariantCulture)),
        _ => [],
    };
}
