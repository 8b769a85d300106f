using System.Text.Json;
using System.Text.Json.Nodes;
using InstructLab.Aspire.Taxonomy.Validation;
using InstructLab.Aspire.TestSupport;
using Json.Schema;

namespace InstructLab.Aspire.Taxonomy.UnitTests;

/// <summary>
/// Our evaluator of InstructLab's schemas finds exactly the violations JsonSchema.Net (a complete draft 2020-12
/// implementation) finds: on every sample file and fixture, and on hundreds of mutations of the valid ones.
/// </summary>
public sealed class SchemaEvaluatorOracleTests
{
    public static TheoryData<string> Files() =>
    [
        .. Directory.Exists(SharedFiles.Data)
            ? Directory.EnumerateFiles(Path.Combine(SharedFiles.Data, "taxonomy-sample"), "qna.yaml", SearchOption.AllDirectories)
                .Concat(Directory.EnumerateFiles(Path.Combine(SharedFiles.Data, "instructlab-schema", "tests"), "qna.yaml", SearchOption.AllDirectories))
                .Select(f => Path.GetRelativePath(SharedFiles.Data, f))
            : [],
    ];

    [Theory]
    [MemberData(nameof(Files))]
    public void TheSameViolationsAsJsonSchemaNetOnRealFilesAndTheirMutations(string path)
    {
        var report = new QnaValidator().ValidateFile(SharedFiles.RequireData(path), path);
        if (report.Content is null || report.Version is not (>= 1 and <= 3) || (Kind(path) == SchemaKind.Knowledge && report.Version < 3))
        {
            Assert.NotNull(report); // nothing reaches the schema: file-level errors, checked elsewhere
            return;
        }
        var compared = 0;
        foreach (var document in Mutations(report.Content))
        {
            Assert.Equal(Oracle(report.Version.Value, Kind(path), document), Ours(report.Version.Value, Kind(path), document));
            compared++;
        }
        Assert.True(compared > 10);
    }

    private static SchemaKind Kind(string path) => path.Contains("knowledge/", StringComparison.Ordinal) ? SchemaKind.Knowledge : SchemaKind.CompositionalSkills;

    private static List<string> Ours(int version, SchemaKind kind, JsonObject document) =>
        [.. SchemaCatalog.Get(version, kind).Evaluate(document).Select(v => $"{v.Pointer} {v.Keyword}").Distinct().Order(StringComparer.Ordinal)];

    private static List<string> Oracle(int version, SchemaKind kind, JsonObject document)
    {
        var baseUri = new Uri($"https://schemas.instructlab.ai/v{version}/");
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        JsonSchema.FromText(SchemaCatalog.Text(version, "version.json"), options, new Uri(baseUri, "version.json"));
        var name = SchemaCatalog.FileName(kind);
        var schema = JsonSchema.FromText(SchemaCatalog.Text(version, name), options, new Uri(baseUri, name));
        var results = schema.Evaluate(JsonSerializer.SerializeToElement(document), new EvaluationOptions { OutputFormat = OutputFormat.List });
        return
        [
            .. (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Keys.Select(k => $"{d.InstanceLocation} {(k.Length == 0 ? "unevaluatedProperties" : k)}"))
                .Distinct().Order(StringComparer.Ordinal),
        ];
    }

    /// <summary>The document, and variants that each break one rule somewhere in it.</summary>
    private static IEnumerable<JsonObject> Mutations(JsonObject original)
    {
        yield return Copy(original);
        foreach (var (pointer, node) in Walk(original, ""))
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var key in obj.Select(p => p.Key).ToList())
                    {
                        yield return Mutate(original, pointer, o => o.AsObject().Remove(key));
                    }
                    yield return Mutate(original, pointer, o => o.AsObject()["not_in_the_schema"] = "x");
                    break;
                case JsonArray array when array.Count > 0:
                    yield return Mutate(original, pointer, a => a.AsArray().Add(a.AsArray()[0]!.DeepClone()));
                    yield return Mutate(original, pointer, a => { while (a.AsArray().Count > 1) { a.AsArray().RemoveAt(0); } });
                    break;
                case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                    yield return Replace(original, pointer, JsonValue.Create(""));
                    yield return Replace(original, pointer, JsonValue.Create(945));
                    yield return Replace(original, pointer, new JsonArray("a"));
                    break;
                case JsonValue:
                    yield return Replace(original, pointer, JsonValue.Create("3"));
                    break;
            }
        }
    }

    private static IEnumerable<(string Pointer, JsonNode? Node)> Walk(JsonNode? node, string pointer)
    {
        yield return (pointer, node);
        IEnumerable<(string, JsonNode?)> children = node switch
        {
            JsonObject obj => obj.Select(p => ($"{pointer}/{p.Key}", p.Value)),
            JsonArray array => array.Select((item, i) => ($"{pointer}/{i}", item)),
            _ => [],
        };
        foreach (var (childPointer, child) in children)
        {
            foreach (var descendant in Walk(child, childPointer))
            {
                yield return descendant;
            }
        }
    }

    private static JsonObject Mutate(JsonObject original, string pointer, Action<JsonNode> change)
    {
        var copy = Copy(original);
        change(At(copy, pointer)!);
        return copy;
    }

    private static JsonObject Replace(JsonObject original, string pointer, JsonNode replacement)
    {
        var copy = Copy(original);
        var parentPointer = pointer[..pointer.LastIndexOf('/')];
        var key = pointer[(pointer.LastIndexOf('/') + 1)..];
        var parent = At(copy, parentPointer)!;
        if (parent is JsonArray array)
        {
            array[int.Parse(key, System.Globalization.CultureInfo.InvariantCulture)] = replacement;
        }
        else
        {
            parent.AsObject()[key] = replacement;
        }
        return copy;
    }

    private static JsonNode? At(JsonNode root, string pointer) =>
        pointer.Split('/', StringSplitOptions.RemoveEmptyEntries).Aggregate<string, JsonNode?>(root, (node, segment) =>
            node is JsonArray array ? array[int.Parse(segment, System.Globalization.CultureInfo.InvariantCulture)] : node![segment]);

    private static JsonObject Copy(JsonObject original) => original.DeepClone().AsObject();
}
