using System.Text.Json;

namespace InstructLab.Aspire.Training.Data;

/// <summary>
/// Reads a JSONL file of InstructLab training lines. A bad line (not JSON, no messages, an unknown role, empty content)
/// fails with file:line, or is skipped and counted when <c>skipBadLines</c> is set.
/// </summary>
public static class TrainingDataReader
{
    public static (List<TrainingLine> Lines, int BadLines) Read(string path, bool skipBadLines)
    {
        if (!File.Exists(path))
        {
            throw new TrainingInputException($"{path}: the data file does not exist.");
        }
        var lines = new List<TrainingLine>();
        var bad = 0;
        var number = 0;
        foreach (var text in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            try
            {
                lines.Add(Parse(text, path, number));
            }
            catch (TrainingInputException) when (skipBadLines)
            {
                bad++;
            }
        }
        if (lines.Count == 0)
        {
            throw new TrainingInputException(bad > 0
                ? $"{path}: all {bad} line(s) are bad; nothing to train on."
                : $"{path}: the file holds no samples (one JSON object a line: {{\"messages\": [{{\"role\": …, \"content\": …}}]}}).");
        }
        return (lines, bad);
    }

    private static TrainingLine Parse(string text, string path, int number)
    {
        var where = $"{path}:{number}";
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(text);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new TrainingInputException($"{where}: not JSON ({e.Message})");
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new TrainingInputException($"{where}: a line must be a JSON object with 'messages'.");
        }
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            throw new TrainingInputException($"{where}: 'messages' must be a non-empty array of {{role, content}} objects.");
        }
        var parsed = new List<TrainingMessage>();
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            parsed.Add(Message(message, $"{where}: messages[{index++}]"));
        }
        var unmask = root.TryGetProperty("unmask", out var flag) && flag.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False or JsonValueKind.Null => false,
            _ => throw new TrainingInputException($"{where}: 'unmask' must be true or false."),
        };
        var id = root.TryGetProperty("id", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : $"line-{number}";
        return new TrainingLine { Id = id, Messages = parsed, Unmask = unmask, File = path, Line = number };
    }

    private static TrainingMessage Message(JsonElement message, string where)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            throw new TrainingInputException($"{where}: must be an object with 'role' and 'content'.");
        }
        var role = message.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : null;
        if (role is null || !TrainingMessage.Roles.Contains(role))
        {
            throw new TrainingInputException($"{where}.role: '{role}' is not a role; allowed are {string.Join(", ", TrainingMessage.Roles)}.");
        }
        var content = message.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : null;
        if (string.IsNullOrWhiteSpace(content))
        {
            throw new TrainingInputException($"{where}.content: must be a non-empty string.");
        }
        return new TrainingMessage(role, content);
    }
}
