using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace InstructLab.Aspire.Generation.Pipelines;

/// <summary>
/// A test of one column of a row: <c>{column, op, value}</c>. Numbers compare as numbers, texts without regard to
/// case (judges write YES and yes).
/// </summary>
public sealed class Condition
{
    private static readonly string[] Operators = ["eq", "ne", "gt", "ge", "lt", "le", "in", "not_in", "contains", "not_empty"];

    private Condition(string column, string op, IReadOnlyList<string> values, SourceLocation location)
    {
        Column = column;
        Operator = op;
        Values = values;
        Location = location;
    }

    public string Column { get; }

    public string Operator { get; }

    public IReadOnlyList<string> Values { get; }

    public SourceLocation Location { get; }

    internal static Condition Read(YamlMap map, string? defaultColumn = null)
    {
        var column = defaultColumn is null ? map.String("column") : map.OptionalString("column") ?? defaultColumn;
        var op = map.OptionalString("op") ?? "eq";
        if (!Operators.Contains(op))
        {
            throw YamlMap.Error(map.LocationOf("op"), $"unknown op '{op}' (allowed: {string.Join(", ", Operators)})");
        }
        var values = map.Node("value") switch
        {
            null when op == "not_empty" => [],
            null => throw YamlMap.Error(map.Location, $"op '{op}' needs a 'value'"),
            YamlScalarNode scalar => [scalar.Value ?? ""],
            YamlSequenceNode list when op is "in" or "not_in" => list.Children.Select(item => item is YamlScalarNode scalar
                ? scalar.Value ?? ""
                : throw YamlMap.Error(map.At(item), $"items of 'value' of op '{op}' must be single values")).ToList(),
            var other => throw YamlMap.Error(map.At(other), $"'value' of op '{op}' must be a single value"),
        };
        map.RejectUnknownKeys();
        return new Condition(column, op, values, map.Location);
    }

    public bool Holds(JsonObject row)
    {
        var actual = Text(row[Column]);
        return Operator switch
        {
            "not_empty" => actual.Length > 0,
            "eq" => Compare(actual, Values[0]) == 0,
            "ne" => Compare(actual, Values[0]) != 0,
            "gt" => Compare(actual, Values[0]) > 0,
            "ge" => Compare(actual, Values[0]) >= 0,
            "lt" => Compare(actual, Values[0]) < 0,
            "le" => Compare(actual, Values[0]) <= 0,
            "in" => Values.Any(v => Compare(actual, v) == 0),
            "not_in" => Values.All(v => Compare(actual, v) != 0),
            "contains" => actual.Contains(Values[0], StringComparison.OrdinalIgnoreCase),
            _ => false,
        };
    }

    public override string ToString() => $"{Column} {Operator} {string.Join("|", Values)}";

    internal static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    private static int Compare(string actual, string expected) =>
        double.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
        && double.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out var e)
            ? a.CompareTo(e)
            : string.Compare(actual.Trim(), expected.Trim(), StringComparison.OrdinalIgnoreCase);
}
