using System.Text.RegularExpressions;
using Json.Schema;
using InstructLab.Aspire.Taxonomy.Yaml;

namespace InstructLab.Aspire.Taxonomy.Validation;

/// <summary>
/// Turns JSON-schema results into diagnostics that say what is allowed, at the line of the offending field:
/// <c>seed_examples[2].questions_and_answers: needs at least 3 items, has 2</c>.
/// </summary>
internal static partial class SchemaMessages
{
    public static IEnumerable<Diagnostic> Translate(EvaluationResults results, JsonProjection projection, string file, int version, SchemaKind kind)
    {
        foreach (var detail in (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }))
        {
            var pointer = detail.InstanceLocation.ToString();
            var segments = FieldPath.Segments(pointer);
            var node = projection.NodeAt(pointer);
            foreach (var (keyword, libraryMessage) in detail.Errors!)
            {
                foreach (var (position, field, message) in Describe(keyword, libraryMessage, pointer, segments, node, projection, version, kind))
                {
                    yield return new Diagnostic(file, position, DiagnosticSeverity.Error, "schema", field, message);
                }
            }
        }
    }

    private static IEnumerable<(SourcePosition, string, string)> Describe(string keyword, string libraryMessage, string pointer,
        string[] segments, SourceNode? node, JsonProjection projection, int version, SchemaKind kind)
    {
        var field = FieldPath.Of(segments);
        var position = projection.PositionOf(pointer);
        switch (keyword)
        {
            case "required":
                foreach (var name in QuotedNames().Matches(libraryMessage).Select(m => m.Groups[1].Value))
                {
                    yield return (node?.Position ?? SourcePosition.Start, field, $"missing required field '{name}'");
                }
                break;
            case "" or "unevaluatedProperties" or "additionalProperties":
                var allowed = SchemaCatalog.AllowedFields(version, kind, segments[..^1]);
                yield return (position, field, $"unknown field; allowed here: {string.Join(", ", allowed)}");
                break;
            case "type":
                yield return (position, field, TypeMessage(ExpectedType().Match(libraryMessage).Groups[1].Value, node));
                break;
            case "minItems":
                var items = (node as SourceSequence)?.Items.Count ?? 0;
                yield return (position, field, $"needs at least {Number(libraryMessage)} items, has {items}");
                break;
            case "minLength":
                var limit = Number(libraryMessage);
                var length = (node as SourceScalar)?.Text.EnumerateRunes().Count() ?? 0;
                yield return (position, field, limit == 1 ? "must not be empty" : $"needs at least {limit} characters, has {length}");
                break;
            case "uniqueItems":
                foreach (Match pair in IndexPair().Matches(libraryMessage))
                {
                    var (first, second) = (pair.Groups[1].Value, pair.Groups[2].Value);
                    var line = projection.PositionOf($"{pointer}/{first}").Line;
                    yield return (projection.PositionOf($"{pointer}/{second}"), $"{field}[{second}]",
                        $"is identical to {field}[{first}] (line {line}); items must be unique");
                }
                break;
            case "const" when segments is ["version"]:
                yield return (position, field, $"must be {version} for this schema");
                break;
            default:
                yield return (position, field, libraryMessage);
                break;
        }
    }

    private static string TypeMessage(string expected, SourceNode? node)
    {
        var article = expected is "integer" or "object" or "array" ? "an" : "a";
        var wanted = expected switch { "object" => "mapping", "array" => "list", _ => expected };
        return node switch
        {
            SourceScalar { Quoted: false, Value.Kind: not YamlValueKind.String } scalar when expected == "string" =>
                $"must be a string, but InstructLab reads {scalar.Text} as {Reading(scalar)}; put it in quotes",
            SourceScalar scalar => $"must be {article} {wanted}, not the {scalar.Value.JsonType} '{scalar.Text}'",
            SourceSequence => $"must be {article} {wanted}, not a list",
            SourceMapping => $"must be {article} {wanted}, not a mapping",
            _ => $"must be {article} {wanted}",
        };
    }

    private static string Reading(SourceScalar scalar) => scalar.Value.Kind switch
    {
        YamlValueKind.Integer when scalar.Text.Contains(':', StringComparison.Ordinal) =>
            $"the integer {scalar.Value.Describe(scalar.Text)} (a YAML 1.1 base-60 number)",
        YamlValueKind.Integer => $"the integer {scalar.Value.Describe(scalar.Text)}",
        YamlValueKind.Float => $"the number {scalar.Value.Describe(scalar.Text)}",
        YamlValueKind.Boolean => $"the boolean {scalar.Value.Describe(scalar.Text)}",
        YamlValueKind.Null => "null",
        _ => "a date",
    };

    private static int Number(string message) => int.TryParse(FirstNumber().Match(message).Value, out var n) ? n : 0;

    [GeneratedRegex("\"([^\"]+)\"")]
    private static partial Regex QuotedNames();

    [GeneratedRegex("should be \"([^\"]+)\"")]
    private static partial Regex ExpectedType();

    [GeneratedRegex(@"\((\d+),\s*(\d+)\)")]
    private static partial Regex IndexPair();

    [GeneratedRegex(@"\d+")]
    private static partial Regex FirstNumber();
}
