using System.Text.Json.Nodes;

namespace InstructLab.Aspire.TestSupport.Fuzzing;

/// <summary>Mutates a valid JSON request (an OpenAI body) with a fixed-seed <see cref="Random"/>: values of the wrong type, extremes, junk keys, removed keys.</summary>
public static class JsonMutator
{
    private static readonly Func<Random, JsonNode?>[] Values =
    [
        _ => null, _ => JsonValue.Create(-1), _ => JsonValue.Create(0), _ => JsonValue.Create(int.MaxValue), _ => JsonValue.Create(1e308),
        _ => JsonValue.Create(""), _ => JsonValue.Create(new string('a', 50_000)), _ => JsonValue.Create(true), _ => new JsonArray(),
        _ => new JsonObject(), _ => new JsonArray(JsonValue.Create("x"), JsonValue.Create(1)), _ => JsonValue.Create("\0ü💥"),
        _ => new JsonObject { ["type"] = "json_schema", ["json_schema"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string", ["maxLength"] = 100000 } } },
        _ => new JsonArray(new JsonObject { ["role"] = "tool", ["content"] = new JsonArray() }),
        random => JsonValue.Create(random.Next(-5, 5)),
    ];

    public static JsonObject Mutate(JsonObject valid, Random random, int edits)
    {
        var body = valid.DeepClone().AsObject();
        for (var i = 0; i < edits; i++)
        {
            var target = Pick(body, random);
            var keys = target.Select(p => p.Key).ToList();
            switch (random.Next(4))
            {
                case 0 when keys.Count > 0:
                    target.Remove(keys[random.Next(keys.Count)]);
                    break;
                case 1:
                    target[$"junk_{random.Next(100)}"] = Values[random.Next(Values.Length)](random);
                    break;
                default:
                    if (keys.Count > 0)
                    {
                        target[keys[random.Next(keys.Count)]] = Values[random.Next(Values.Length)](random);
                    }
                    break;
            }
        }
        return body;
    }

    /// <summary>The body itself or an object inside it (a message, response_format).</summary>
    private static JsonObject Pick(JsonObject body, Random random)
    {
        var objects = new List<JsonObject> { body };
        foreach (var (_, value) in body)
        {
            if (value is JsonObject inner)
            {
                objects.Add(inner);
            }
            else if (value is JsonArray array)
            {
                objects.AddRange(array.OfType<JsonObject>());
            }
        }
        return objects[random.Next(objects.Count)];
    }
}
