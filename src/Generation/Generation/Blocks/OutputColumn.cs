using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using InstructLab.Aspire.Generation.Pipelines;

namespace InstructLab.Aspire.Generation.Blocks;

/// <summary>
/// A column an LLM block fills: its JSON-schema shape for structured output, and the tags (or a regex) that find it
/// in plain text when the endpoint has no structured output.
/// </summary>
public sealed record OutputColumn(string Name, string Type, IReadOnlyList<string> Enum, int MinLength, int MaxLength, int MaxItems,
    string Start, string End, Regex? Pattern)
{
    private static readonly string[] Types = ["string", "integer", "boolean", "list"];

    internal static OutputColumn Read(string name, YamlMap? map)
    {
        var type = map?.OptionalString("type") ?? "string";
        if (!Types.Contains(type))
        {
            throw YamlMap.Error(map!.LocationOf("type"), $"unknown type '{type}' of output '{name}' (allowed: {string.Join(", ", Types)})");
        }
        var pattern = map?.OptionalString("regex");
        Regex? regex = null;
        if (pattern is not null)
        {
            try
            {
                regex = new Regex(pattern, RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                throw YamlMap.Error(map!.LocationOf("regex"), $"regex of output '{name}' does not compile: {e.Message}");
            }
        }
        var values = map?.Strings("enum") ?? [];
        if (type == "integer" && values.FirstOrDefault(v => !long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)) is { } bad)
        {
            throw YamlMap.Error(map!.LocationOf("enum"), $"enum of integer output '{name}' has '{bad}', which is not a whole number");
        }
        var column = new OutputColumn(name, type,
            values,
            map?.Int("min_length", 1, 0, 100_000) ?? 1,
            map?.Int("max_length", 2000, 1, 100_000) ?? 2000,
            map?.Int("max_items", 5, 1, 100) ?? 5,
            map?.OptionalString("start") ?? $"[{name.ToUpperInvariant()}]",
            map?.OptionalString("end") ?? $"[/{name.ToUpperInvariant()}]",
            regex);
        map?.RejectUnknownKeys();
        return column;
    }

    /// <summary>Tokens the column's longest allowed value can take (a token is at least one character), plus JSON's quoting.</summary>
    public int TokenBudget => Type switch
    {
        "list" => MaxItems * (MaxLength + 8),
        "string" when Enum.Count == 0 => MaxLength + 8,
        _ => Enum.Select(e => e.Length).DefaultIfEmpty(8).Max() + 8,
    };

    public JsonObject Schema() => Type switch
    {
        "integer" when Enum.Count > 0 => new JsonObject { ["enum"] = new JsonArray(Enum.Select(v => (JsonNode)long.Parse(v, CultureInfo.InvariantCulture)).ToArray()) },
        "integer" => new JsonObject { ["type"] = "integer" },
        "boolean" => new JsonObject { ["type"] = "boolean" },
        "list" => new JsonObject { ["type"] = "array", ["items"] = TextSchema(), ["minItems"] = 1, ["maxItems"] = MaxItems },
        _ when Enum.Count > 0 => new JsonObject { ["enum"] = new JsonArray(Enum.Select(v => (JsonNode)v).ToArray()) },
        _ => TextSchema(),
    };

    /// <summary>How the answer must look in plain text, appended to the prompt when there is no structured output.</summary>
    public string FormatHint() => Type == "list"
        ? $"{Start}\n(one item per line)\n{End}"
        : $"{Start}\n({(Enum.Count > 0 ? "one of: " + string.Join(", ", Enum) : Type)})\n{End}";

    /// <summary>The value from a JSON answer's field, or null when it does not fit.</summary>
    public JsonNode? FromJson(JsonNode? value) => Type switch
    {
        "list" when value is JsonArray items && items.Count > 0 => new JsonArray(items.Select(i => (JsonNode?)JsonValue.Create(Condition.Text(i))).ToArray()),
        "list" => null,
        _ => FromText(value is null ? null : Condition.Text(value)),
    };

    /// <summary>The value found in a plain-text answer, or null.</summary>
    public JsonNode? FromPlainText(string answer)
    {
        string? found = null;
        if (Pattern is not null)
        {
            var match = Pattern.Match(answer);
            found = match.Success ? (match.Groups.Count > 1 ? match.Groups[1].Value : match.Value) : null;
        }
        else
        {
            var start = answer.IndexOf(Start, StringComparison.OrdinalIgnoreCase);
            if (start >= 0)
            {
                start += Start.Length;
                var end = answer.IndexOf(End, start, StringComparison.OrdinalIgnoreCase);
                found = end >= 0 ? answer[start..end] : answer[start..];
            }
        }
        if (Type == "list")
        {
            var items = found?.Split('\n').Select(l => l.Trim().TrimStart('-', '*', ' ')).Where(l => l.Length > 0).Take(MaxItems).ToArray() ?? [];
            return items.Length > 0 ? new JsonArray(items.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()) : null;
        }
        return FromText(found);
    }

    private JsonNode? FromText(string? text)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text) && MinLength > 0 || text is null)
        {
            return null;
        }
        if (Enum.Count > 0)
        {
            var chosen = Enum.FirstOrDefault(e => string.Equals(e, text, StringComparison.OrdinalIgnoreCase));
            return chosen is null ? null : Type == "integer" ? JsonValue.Create(long.Parse(chosen, CultureInfo.InvariantCulture)) : JsonValue.Create(chosen);
        }
        return Type switch
        {
            "integer" => long.TryParse(text, out var number) ? JsonValue.Create(number) : null,
            "boolean" => bool.TryParse(text, out var flag) ? JsonValue.Create(flag) : null,
            _ => JsonValue.Create(text.Length > MaxLength ? text[..MaxLength] : text),
        };
    }

    private JsonObject TextSchema() => new() { ["type"] = "string", ["minLength"] = MinLength, ["maxLength"] = MaxLength };
}
