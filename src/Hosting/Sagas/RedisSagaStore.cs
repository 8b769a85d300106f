using System.Text.Json;
using MassTransit;
using StackExchange.Redis;

namespace InstructLab.Aspire.Hosting.Sagas;

/// <summary>
/// Saga instances in Redis, one hash per instance (version and JSON), written only if the version read is still
/// the stored one (a Lua compare-and-set): two processes handling messages of one saga cannot overwrite each other;
/// the loser gets <see cref="SagaConcurrencyException"/> and its message is retried.
/// </summary>
public sealed class RedisSagaStore<TSaga>(IConnectionMultiplexer redis, string keyPrefix) where TSaga : class, ISagaVersion
{
    private const string CompareAndSet = """
        local current = redis.call('HGET', KEYS[1], 'v')
        if ARGV[1] == '-1' then
          if current then return 0 end
        elseif current ~= ARGV[1] then
          return 0
        end
        redis.call('HSET', KEYS[1], 'v', ARGV[2], 'd', ARGV[3])
        return 1
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<TSaga?> LoadAsync(Guid correlationId)
    {
        var json = await redis.GetDatabase().HashGetAsync(Key(correlationId), "d");
        return json.IsNullOrEmpty ? null : JsonSerializer.Deserialize<TSaga>(json.ToString(), Json);
    }

    /// <summary>Stores a new instance; throws <see cref="SagaConcurrencyException"/> when one with its id exists.</summary>
    public async Task InsertAsync(TSaga instance)
    {
        instance.Version = 1;
        await WriteAsync(instance, expected: -1);
    }

    /// <summary>Stores the next version; throws <see cref="SagaConcurrencyException"/> when another write came first.</summary>
    public async Task UpdateAsync(TSaga instance)
    {
        var expected = instance.Version;
        instance.Version++;
        await WriteAsync(instance, expected);
    }

    public Task DeleteAsync(Guid correlationId) => redis.GetDatabase().KeyDeleteAsync(Key(correlationId));

    private async Task WriteAsync(TSaga instance, int expected)
    {
        var written = (int)await redis.GetDatabase().ScriptEvaluateAsync(CompareAndSet, [Key(instance.CorrelationId)],
            [expected, instance.Version, JsonSerializer.Serialize(instance, Json)]);
        if (written == 0)
        {
            throw new SagaConcurrencyException(typeof(TSaga), instance.CorrelationId, expected);
        }
    }

    private RedisKey Key(Guid correlationId) => $"{keyPrefix}{correlationId:N}";
}
