using System.Text.Json.Nodes;
using InstructLab.Aspire.Serving.Api;

namespace InstructLab.Aspire.Serving.Templates;

/// <summary>Checks a request's <c>messages</c> and gives them to templates in one shape: content always a string.</summary>
public static class ChatMessages
{
    private static readonly HashSet<string> Roles = ["system", "developer", "user", "assistant", "tool"];

    public static JsonArray Normalize(JsonNode? messages)
    {
        if (messages is not JsonArray array)
        {
            throw ServingException.BadRequest("'messages' must be an array of {role, content} objects.", "messages");
        }
        if (array.Count == 0)
        {
            throw ServingException.BadRequest("'messages' must hold at least one message.", "messages");
        }
        var result = new JsonArray();
        for (var i = 0; i < array.Count; i++)
        {
            var param = $"messages[{i}]";
            if (array[i] is not JsonObject message)
            {
                throw ServingException.BadRequest($"'{param}' must be an object with 'role' and 'content'.", param);
            }
            var role = message["role"] is JsonValue r && r.TryGetValue<string>(out var text) ? text : null;
            if (role is null || !Roles.Contains(role))
            {
                throw ServingException.BadRequest($"'{param}.role' must be one of {string.Join(", ", Roles)}.", $"{param}.role");
            }
            var copy = (JsonObject)message.DeepClone();
            copy["role"] = role == "developer" ? "system" : role;
            copy["content"] = Content(message["content"], $"{param}.content", role);
            result.Add(copy);
        }
        return result;
    }

    private static string Content(JsonNode? content, string param, string role) => content switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        null when role is "assistant" => "",
        JsonArray parts => string.Join("\n", parts.Select((part, i) => Part(part, $"{param}[{i}]"))),
        _ => throw ServingException.BadRequest($"'{param}' must be a string or an array of text parts.", param),
    };

    private static string Part(JsonNode? part, string param)
    {
        // A part that is not an object (a string, a number) has no type: refused like one of an unknown type.
        var type = part is JsonObject && part["type"] is JsonValue t && t.TryGetValue<string>(out var name) ? name : null;
        if (type != "text" || part!["text"] is not JsonValue text || !text.TryGetValue<string>(out var value))
        {
            throw ServingException.BadRequest($"'{param}' must be {{\"type\": \"text\", \"text\": string}}; this server reads text only (got type '{type ?? "none"}').", param);
        }
        return value;
    }
}
