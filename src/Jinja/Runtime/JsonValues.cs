using System.Text.Json;
using System.Text.Json.Nodes;

namespace InstructLab.Aspire.Jinja.Runtime;

/// <summary>JSON (a request's messages, tools, schemas) as template values: objects become dicts, arrays lists.</summary>
internal static class JsonValues
{
    public static object? From(JsonNode? node) => node is null ? null : From(JsonSerializer.SerializeToElement(node));

    public static object? From(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => Object(element),
        JsonValueKind.Array => element.EnumerateArray().Select(From).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var l) ? l : (object)element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static PyDict Object(JsonElement element)
    {
        var dict = new PyDict();
        foreach (var property in element.EnumerateObject())
        {
            dict[property.Name] = From(property.Value);
        }
        return dict;
    }
}
