using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Json.Schema;

namespace InstructLab.Aspire.Taxonomy.Validation;

/// <summary>InstructLab's JSON schemas v1–v3, compiled into this assembly (instructlab/schema, Apache-2.0).</summary>
internal static class SchemaCatalog
{
    public const int LatestVersion = 3;
    public const int FirstKnowledgeVersion = 3;

    private static readonly ConcurrentDictionary<(int, SchemaKind), (JsonSchema Schema, JsonNode Document)> Schemas = new();

    public static JsonSchema Get(int version, SchemaKind kind) => Load(version, kind).Schema;

    /// <summary>
    /// The fields allowed at a JSON pointer (e.g. <c>/seed_examples/0</c>), for "unknown field" messages: the properties
    /// of the sub-schema reached through "properties" and "items", plus version at the top.
    /// </summary>
    public static IReadOnlyList<string> AllowedFields(int version, SchemaKind kind, IEnumerable<string> pointerSegments)
    {
        JsonNode? schema = Load(version, kind).Document;
        var atTop = true;
        foreach (var segment in pointerSegments)
        {
            schema = int.TryParse(segment, out _) ? schema?["items"] : schema?["properties"]?[segment];
            atTop = false;
        }
        var fields = (schema?["properties"] as JsonObject)?.Select(p => p.Key).ToList() ?? [];
        if (atTop)
        {
            fields.Insert(0, "version");
        }
        return fields;
    }

    private static (JsonSchema Schema, JsonNode Document) Load(int version, SchemaKind kind) =>
        Schemas.GetOrAdd((version, kind), key =>
        {
            var (v, k) = key;
            var baseUri = new Uri($"https://schemas.instructlab.ai/v{v}/");
            var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
            JsonSchema.FromText(Read($"v{v}/version.json"), options, new Uri(baseUri, "version.json"));
            var name = k == SchemaKind.Knowledge ? "knowledge.json" : "compositional_skills.json";
            var text = Read($"v{v}/{name}");
            return (JsonSchema.FromText(text, options, new Uri(baseUri, name)), JsonNode.Parse(text)!);
        });

    private static string Read(string name)
    {
        using var stream = typeof(SchemaCatalog).Assembly.GetManifestResourceStream($"schemas/{name}")
            ?? throw new InvalidOperationException($"Schema {name} is not embedded in {typeof(SchemaCatalog).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
