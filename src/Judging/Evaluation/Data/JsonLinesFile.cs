using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace InstructLab.Aspire.Evaluations.Data;

/// <summary>Reads JSON lines, one object per line (blank lines skipped); a bad line is an error naming file:line.</summary>
public static class JsonLinesFile
{
    public static IEnumerable<(int Line, JsonObject Json)> Read(string path, byte[] content)
    {
        var lines = Encoding.UTF8.GetString(content).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var text = lines[i].Trim();
            if (text.Length == 0)
            {
                continue;
            }
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(text);
            }
            catch (JsonException e)
            {
                throw EvaluationDataException.At(path, i + 1, $"not valid JSON ({e.Message.Split(" Path:")[0]})");
            }
            yield return node is JsonObject json ? (i + 1, json) : throw EvaluationDataException.At(path, i + 1, "each line must be a JSON object");
        }
    }

    public static string RequiredString(JsonObject json, string field, string path, int line) =>
        OptionalString(json, field, path, line) is { Length: > 0 } value
            ? value
            : throw EvaluationDataException.At(path, line, $"'{field}' is required (a non-empty string)");

    public static string? OptionalString(JsonObject json, string field, string path, int line) => json[field] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => value.ToJsonString(),
        _ => throw EvaluationDataException.At(path, line, $"'{field}' must be a string"),
    };

    public static IReadOnlyList<string> Strings(JsonObject json, string field, string path, int line, int min)
    {
        if (json[field] is not JsonArray array || array.Count < min
            || array.Any(v => v is not JsonValue s || s.GetValueKind() != JsonValueKind.String))
        {
            throw EvaluationDataException.At(path, line, $"'{field}' must be a list of at least {min} strings");
        }
        return [.. array.Select(v => v!.GetValue<string>())];
    }

    public static int Index(JsonObject json, string field, int count, string path, int line) =>
        json[field] is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var index) && index >= 0 && index < count
            ? index
            : throw EvaluationDataException.At(path, line, $"'{field}' must be the index of the right choice, from 0 to {count - 1}");
}
