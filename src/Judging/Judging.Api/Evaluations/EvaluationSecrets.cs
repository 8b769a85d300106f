using StackExchange.Redis;

namespace InstructLab.Aspire.Judging.Api.Evaluations;

/// <summary>
/// The API keys an evaluation's external model, base model and judge need, kept in Redis (never in the plan, a
/// message, a log or a trace) for as long as an evaluation may run.
/// </summary>
public sealed class EvaluationSecrets(IConnectionMultiplexer redis)
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromDays(7);

    public async Task StoreAsync(Guid id, string model, string baseModel, string judge)
    {
        if (model is "" && baseModel is "" && judge is "")
        {
            return;
        }
        var key = Key(id);
        var database = redis.GetDatabase();
        await database.HashSetAsync(key, [new HashEntry("model", model), new HashEntry("base", baseModel), new HashEntry("judge", judge)]);
        await database.KeyExpireAsync(key, TimeToLive);
    }

    public async Task<(string Model, string Base, string Judge)> ReadAsync(Guid id)
    {
        var values = await redis.GetDatabase().HashGetAsync(Key(id), ["model", "base", "judge"]);
        static string Text(RedisValue value) => value.HasValue ? value.ToString() : "";
        return (Text(values[0]), Text(values[1]), Text(values[2]));
    }

    private static RedisKey Key(Guid id) => $"evaluation:secrets:{id:N}";
}
