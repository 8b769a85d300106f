using System.Text;
using System.Text.Json.Nodes;
using InstructLab.Aspire.Serving.Inference;

namespace InstructLab.Aspire.Serving.Api;

/// <summary>The pieces of OpenAI's response shapes shared by the endpoints.</summary>
internal static class OpenAiJson
{
    /// <summary>Token counts; <c>cached_tokens</c>: prompt tokens whose KV cache was reused (from an earlier request, or a prefix shared by the request's prompts).</summary>
    public static JsonObject Usage(GenerationRun run) => new()
    {
        ["prompt_tokens"] = run.PromptTokens,
        ["completion_tokens"] = run.CompletionTokens,
        ["total_tokens"] = run.PromptTokens + run.CompletionTokens,
        ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = run.CachedPromptTokens },
    };

    /// <summary>Chat's logprobs entry: <c>{token, logprob, bytes, top_logprobs}</c>.</summary>
    public static JsonObject ChatLogprob(TokenLogprob logprob) => new()
    {
        ["token"] = logprob.Token,
        ["logprob"] = logprob.Logprob,
        ["bytes"] = Bytes(logprob.Token),
        ["top_logprobs"] = new JsonArray([.. logprob.Top.Select(t => (JsonNode)new JsonObject
        {
            ["token"] = t.Token,
            ["logprob"] = t.Logprob,
            ["bytes"] = Bytes(t.Token),
        })]),
    };

    /// <summary>Completions' (legacy) logprobs: parallel arrays.</summary>
    public static JsonObject CompletionLogprobs(IReadOnlyList<TokenLogprob> tokens, int textOffset)
    {
        var offsets = new JsonArray();
        var offset = textOffset;
        foreach (var token in tokens)
        {
            offsets.Add(offset);
            offset += token.Token.Length;
        }
        return new JsonObject
        {
            ["tokens"] = new JsonArray([.. tokens.Select(t => (JsonNode)t.Token)]),
            // An echoed prompt's first token has no log-probability: null, as OpenAI writes it.
            ["token_logprobs"] = new JsonArray([.. tokens.Select(t => float.IsNaN(t.Logprob) ? null : (JsonNode)t.Logprob)]),
            ["top_logprobs"] = new JsonArray([.. tokens.Select(t => float.IsNaN(t.Logprob) ? null
                : (JsonNode)new JsonObject([.. t.Top.DistinctBy(x => x.Token).Select(x => KeyValuePair.Create(x.Token, (JsonNode?)x.Logprob))]))]),
            ["text_offset"] = offsets,
        };
    }

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>A response or chunk: <c>{id, object, created, model, choices, usage}</c>.</summary>
    public static JsonObject Envelope(string id, string type, long created, string model, JsonArray choices, JsonNode? usage) => new()
    {
        ["id"] = id,
        ["object"] = type,
        ["created"] = created,
        ["model"] = model,
        ["choices"] = choices,
        ["usage"] = usage,
    };

    private static JsonArray Bytes(string text) => new([.. Encoding.UTF8.GetBytes(text).Select(b => (JsonNode)(int)b)]);
}
