using InstructLab.Aspire.Taxonomy.Yaml;

namespace InstructLab.Aspire.Taxonomy.Validation;

/// <summary>
/// Turns schema violations into diagnostics that say what is allowed, at the line of the offending field:
/// <c>seed_examples[2].questions_and_answers: needs at least 3 items, has 2</c>.
/// </summary>
internal static class SchemaMessages
{
    public static IEnumerable<Diagnostic> Translate(IReadOnlyList<SchemaViolation> violations, JsonProjection projection, string file, int version, SchemaKind kind)
    {
        var wrongType = violations.Where(v => v.Keyword == "type").Select(v => v.Pointer).ToHashSet(StringComparer.Ordinal);
        return violations
            // A field the schema knows but whose value is wrong also counts as "unevaluated" (its check failed), and a
            // value of the wrong type also breaks "const": the type diagnostic says what is wrong, the others would mislead.
            .Where(v => v.Keyword != "unevaluatedProperties"
                || !SchemaCatalog.AllowedFields(version, kind, FieldPath.Segments(v.Pointer)[..^1]).Contains(v.Name))
            .Where(v => v.Keyword != "const" || !wrongType.Contains(v.Pointer))
            .Select(violation =>
        {
            var segments = FieldPath.Segments(violation.Pointer);
            var node = projection.NodeAt(violation.Pointer);
            var position = projection.PositionOf(violation.Pointer);
            var field = FieldPath.Of(segments);
            var message = violation.Keyword switch
            {
                "required" => $"missing required field '{violation.Name}'",
                "unevaluatedProperties" => $"unknown field; allowed here: {string.Join(", ", SchemaCatalog.AllowedFields(version, kind, segments[..^1]))}",
                "type" => TypeMessage(violation.Expected!.GetValue<string>(), node),
                "minItems" => $"needs at least {violation.Expected} items, has {(node as SourceSequence)?.Items.Count ?? 0}",
                "minLength" when violation.Expected!.GetValue<int>() == 1 => "must not be empty",
                "minLength" => $"needs at least {violation.Expected} characters, has {(node as SourceScalar)?.Text.EnumerateRunes().Count() ?? 0}",
                "uniqueItems" => $"is identical to {field}[{violation.First}] (line {projection.PositionOf($"{violation.Pointer}/{violation.First}").Line}); items must be unique",
                "const" => $"must be {violation.Expected?.ToJsonString()}",
                _ => $"breaks the schema's '{violation.Keyword}' rule",
            };
            if (violation.Keyword == "required")
            {
                position = node?.Position ?? SourcePosition.Start;
            }
            else if (violation.Keyword == "uniqueItems")
            {
                (field, position) = ($"{field}[{violation.Second}]", projection.PositionOf($"{violation.Pointer}/{violation.Second}"));
            }
            return new Diagnostic(file, position, DiagnosticSeverity.Error, "schema", field, message);
        });
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
}
