using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace InstructLab.Aspire.Taxonomy.Validation;

/// <summary>InstructLab's JSON schemas v1–v3, compiled into this assembly (instructlab/schema, Apache-2.0).</summary>
internal static class SchemaCatalog
{
    public const int LatestVersion = 3;
    public const int FirstKnowledgeVersion = 3;

    private static readonly ConcurrentDictionary<(int, SchemaKind), SchemaEvaluator> Evaluators = new();
    private static readonly ConcurrentDictionary<string, JsonObject> Documents = new(StringComparer.Ordinal);

    public static SchemaEvaluator Get(int version, SchemaKind kind) =>
        Evaluators.GetOrAdd((version, kind), key => new SchemaEvaluator(Document(key.Item1, FileName(key.Item2)), reference => Document(key.Item1, reference)));

    /// <summary>The schema document itself (for tests comparing with other evaluators).</summary>
    public static string Text(int version, string name) => Read($"v{version}/{name}");

    /// <summary>
    /// The fields allowed at a JSON pointer (e.g. <c>/seed_examples/0</c>), for "unknown field" messages: the properties
    /// of the sub-schema reached through "properties" and "items", plus version at the top.
    /// </summary>
    public static IReadOnlyList<string> AllowedFields(int version, SchemaKind kind, IEnumerable<string> pointerSegments)
    {
        JsonNode? schema = Document(version, FileName(kind));
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

    public static string FileName(SchemaKind kind) => kind == SchemaKind.Knowledge ? "knowledge.json" : "compositional_skills.json";

    private static JsonObject Document(int version, string reference) =>
        Documents.GetOrAdd($"v{version}/{reference.TrimStart('.', '/')}", name => JsonNode.Parse(Read(name))!.AsObject());

    private static string Read(string name)
    {
        using var stream = typeof(SchemaCatalog).Assembly.GetManifestResourceStream($"schemas/{name}")
            ?? throw new InvalidOperationException($"Schema {name} is not embedded in {typeof(SchemaCatalog).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
