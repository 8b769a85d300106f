using System.Text.Json.Nodes;
using InstructLab.Aspire.Serving.Catalog;
using Microsoft.AspNetCore.Http;

namespace InstructLab.Aspire.Serving.Api;

/// <summary><c>GET /v1/models</c> and <c>GET /v1/models/{id}</c>.</summary>
internal static class ModelEndpoints
{
    public static IResult List(ModelCatalog catalog) =>
        Json(new JsonObject { ["object"] = "list", ["data"] = new JsonArray([.. catalog.List().Where(m => !m.Spec.Hidden).Select(m => (JsonNode)Describe(m))]) });

    public static IResult Get(string id, ModelCatalog catalog) =>
        catalog.List().FirstOrDefault(m => m.Id == id) is { } model
            ? Json(Describe(model))
            : throw ServingException.ModelNotFound(id, catalog.List().Where(m => !m.Spec.Hidden).Select(m => m.Id));

    private static JsonObject Describe(ModelInfo model) => new()
    {
        ["id"] = model.Id,
        ["object"] = "model",
        ["created"] = model.Registered.ToUnixTimeSeconds(),
        ["owned_by"] = "instructlab-aspire",
        ["loaded"] = model.Loaded,
    };

    private static IResult Json(JsonNode body) => Results.Text(body.ToJsonString(), "application/json");
}

/// <summary><c>POST /v1/embeddings</c>: mean-pooled embeddings, for models configured with <c>Embeddings: true</c>.</summary>
internal static class EmbeddingEndpoint
{
    public const int MaxInputs = 256;

    public static async Task<IResult> HandleAsync(HttpContext http, ModelCatalog catalog)
    {
        var request = await RequestReader.ReadAsync(http.Request.Body, http.RequestAborted);
        using var lease = await catalog.AcquireAsync(request.String("model"), http.RequestAborted);
        var model = lease.Model;
        if (!model.Spec.Embeddings)
        {
            throw ServingException.BadRequest(
                $"The model '{model.Id}' does not serve embeddings: it is a generative model here. Set Serving:Models:{model.Id}:Embeddings to true to serve mean-pooled embeddings from it.",
                "model", "embeddings_not_supported");
        }
        var inputs = request.Node("input") switch
        {
            JsonValue value when value.TryGetValue<string>(out var text) => [text],
            JsonArray { Count: > 0 and <= MaxInputs } list when list.All(i => i is JsonValue v && v.TryGetValue<string>(out _)) => list.Select(i => (string)i!).ToList(),
            _ => throw ServingException.BadRequest($"'input' must be a string or a list of 1 to {MaxInputs} strings.", "input"),
        };
        var data = new JsonArray();
        var tokens = 0;
        foreach (var (input, index) in inputs.Select((t, i) => (t, i)))
        {
            var count = model.Tokenize(input, addSpecial: true, parseSpecial: false).Length;
            if (count > model.MaxSequenceLength)
            {
                throw ServingException.ContextLengthExceeded($"'input[{index}]' has {count} tokens; the model takes at most {model.MaxSequenceLength}.");
            }
            tokens += count;
            var vector = await model.EmbedAsync(input, http.RequestAborted);
            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = index, ["embedding"] = new JsonArray([.. vector.Select(v => (JsonNode)v)]) });
        }
        var response = new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = model.Id,
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
        };
        return Results.Text(response.ToJsonString(), "application/json");
    }
}

/// <summary>llama-server's <c>POST /tokenize</c> and <c>POST /detokenize</c>.</summary>
internal static class TokenizeEndpoints
{
    public static async Task<IResult> TokenizeAsync(HttpContext http, ModelCatalog catalog)
    {
        var request = await RequestReader.ReadAsync(http.Request.Body, http.RequestAborted);
        var content = request.String("content") ?? request.String("prompt") ?? throw ServingException.BadRequest("'content' (the text to tokenize) is required.", "content");
        using var lease = await catalog.AcquireAsync(request.String("model"), http.RequestAborted);
        var tokens = lease.Model.Tokenize(content, request.Bool("add_special", false), request.Bool("parse_special", true));
        var response = new JsonObject { ["tokens"] = new JsonArray([.. tokens.Select(t => (JsonNode)t)]), ["count"] = tokens.Length };
        return Results.Text(response.ToJsonString(), "application/json");
    }

    public static async Task<IResult> DetokenizeAsync(HttpContext http, ModelCatalog catalog)
    {
        var request = await RequestReader.ReadAsync(http.Request.Body, http.RequestAborted);
        using var lease = await catalog.AcquireAsync(request.String("model"), http.RequestAborted);
        var vocabulary = lease.Model.VocabularySize;
        var tokens = request.Node("tokens") is JsonArray list && list.All(t => t is JsonValue v && v.TryGetValue<int>(out var id) && id >= 0 && id < vocabulary)
            ? list.Select(t => (int)t!).ToList()
            : throw ServingException.BadRequest($"'tokens' must be a list of token ids from 0 to {vocabulary - 1}.", "tokens");
        return Results.Text(new JsonObject { ["content"] = lease.Model.Detokenize(tokens) }.ToJsonString(), "application/json");
    }
}
