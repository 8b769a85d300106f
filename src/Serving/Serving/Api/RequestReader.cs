using System.Text.Json;
using System.Text.Json.Nodes;

namespace InstructLab.Aspire.Serving.Api;

/// <summary>
/// Reads a JSON request body field by field, so that each wrong value is answered with its parameter's name and what
/// is allowed. Fields it is not asked about are ignored, as OpenAI-compatible servers do.
/// </summary>
public sealed class RequestReader(JsonObject body)
{
    public JsonObject Body { get; } = body;

    public static async Task<RequestReader> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        JsonNode? node;
        try
        {
            node = await JsonNode.ParseAsync(stream, documentOptions: new JsonDocumentOptions { MaxDepth = 64 }, cancellationToken: cancellationToken);
        }
        catch (JsonException error)
        {
            throw ServingException.BadRequest($"The request body is not valid JSON: {error.Message}");
        }
        return node is JsonObject body ? new RequestReader(body) : throw ServingException.BadRequest("The request body must be a JSON object.");
    }

    public bool Has(string name) => Body[name] is not null;

    public JsonNode? Node(string name) => Body[name];

    public string? String(string name) => Body[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => throw Wrong(name, "a string"),
    };

    public bool Bool(string name, bool fallback) => Body[name] switch
    {
        null => fallback,
        JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
        _ => throw Wrong(name, "true or false"),
    };

    public int? Int(string name, int min, int max)
    {
        if (Body[name] is null)
        {
            return null;
        }
        if (Body[name] is not JsonValue value || value.GetValueKind() != JsonValueKind.Number || !value.TryGetValue<long>(out var number))
        {
            throw Wrong(name, $"an integer from {min} to {max}");
        }
        return number < min || number > max
            ? throw ServingException.BadRequest($"'{name}' must be from {min} to {max}; got {number}.", name)
            : (int)number;
    }

    public long? Long(string name)
    {
        if (Body[name] is null)
        {
            return null;
        }
        return Body[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var number)
            ? number
            : throw Wrong(name, "an integer");
    }

    public float? Float(string name, float min, float max)
    {
        if (Body[name] is null)
        {
            return null;
        }
        if (Body[name] is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
        {
            throw Wrong(name, $"a number from {min} to {max}");
        }
        var number = value.GetValue<double>();
        return number < min || number > max || double.IsNaN(number)
            ? throw ServingException.BadRequest($"'{name}' must be from {min} to {max}; got {number}.", name)
            : (float)number;
    }

    /// <summary><c>stream</c>, and <c>stream_options.include_usage</c> (only meaningful when streaming).</summary>
    public (bool Stream, bool IncludeUsage) Streaming()
    {
        var stream = Bool("stream", false);
        return (stream, stream && Body["stream_options"]?["include_usage"] is JsonValue usage && usage.TryGetValue<bool>(out var yes) && yes);
    }

    /// <summary>A string or a list of strings (OpenAI's <c>stop</c>).</summary>
    public IReadOnlyList<string> Strings(string name, int maxCount)
    {
        switch (Body[name])
        {
            case null:
                return [];
            case JsonValue value when value.TryGetValue<string>(out var one):
                return one.Length == 0 ? [] : [one];
            case JsonArray array when array.Count <= maxCount && array.All(a => a is JsonValue v && v.TryGetValue<string>(out _)):
                return [.. array.Select(a => a!.GetValue<string>()).Where(s => s.Length > 0)];
            default:
                throw Wrong(name, $"a string or a list of at most {maxCount} strings");
        }
    }

    private static ServingException Wrong(string name, string allowed) => ServingException.BadRequest($"'{name}' must be {allowed}.", name);
}
