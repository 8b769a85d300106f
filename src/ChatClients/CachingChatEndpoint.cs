using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using StackExchange.Redis;

namespace InstructLab.Aspire.ChatClients;

/// <summary>
/// Answers a call seen before from Redis, keyed by (endpoint, model and the version it serves, messages, sampling
/// parameters, seed, schema): a rerun or a resumed job spends no endpoint call on work already done, and a model
/// re-published under the same id is asked again.
/// </summary>
public sealed class CachingChatEndpoint(IChatEndpoint inner, IDatabase redis, TimeSpan timeToLive, string endpoint = "",
    Func<CancellationToken, Task<string>>? modelVersion = null) : IChatEndpoint
{
    public const string KeyPrefix = "chat-cache:v2:";

    public string Model => inner.Model;

    public Task<bool> UsesStructuredOutputAsync(CancellationToken cancellationToken) => inner.UsesStructuredOutputAsync(cancellationToken);

    public async Task<ChatAnswer> CompleteAsync(ChatCall call, CancellationToken cancellationToken)
    {
        var structured = call.Schema is not null && await inner.UsesStructuredOutputAsync(cancellationToken);
        var key = Key(call, structured, modelVersion is null ? "" : await modelVersion(cancellationToken));
        if (await redis.StringGetAsync(key).WaitAsync(cancellationToken) is { HasValue: true } hit
            && JsonSerializer.Deserialize<ChatAnswer>(hit.ToString()) is { } cached)
        {
            ChatClientsTelemetry.CacheHits.Add(1, new KeyValuePair<string, object?>("model", Model));
            return cached with { FromCache = true };
        }
        var answer = await inner.CompleteAsync(call, cancellationToken);
        await redis.StringSetAsync(key, JsonSerializer.Serialize(answer), timeToLive).WaitAsync(cancellationToken);
        return answer;
    }

    /// <summary>The cache key of a call: a hash of everything that decides its answer.</summary>
    public string Key(ChatCall call, bool structured, string version = "")
    {
        var canonical = new JsonObject
        {
            ["endpoint"] = endpoint,
            ["model"] = Model,
            ["version"] = version,
            ["messages"] = new JsonArray(call.Messages.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role, ["content"] = m.Content }).ToArray()),
            ["temperature"] = call.Temperature,
            ["top_p"] = call.TopP,
            ["max_tokens"] = call.MaxTokens,
            ["seed"] = call.Seed,
            ["schema"] = structured ? call.Schema?.DeepClone() : null,
        };
        return KeyPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToJsonString())));
    }
}
