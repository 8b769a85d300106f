using StackExchange.Redis;

namespace InstructLab.Aspire.Generation.Jobs;

/// <summary>
/// The API keys a job's external teacher and judge need, kept in Redis (never in the plan, a message, a log or a
/// trace) for as long as a job may run.
/// </summary>
public sealed class JobSecrets(IConnectionMultiplexer redis)
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromDays(7);

    public async Task StoreAsync(Guid jobId, string teacherKey, string judgeKey)
    {
        if (teacherKey is "" && judgeKey is "")
        {
            return;
        }
        var key = Key(jobId);
        var database = redis.GetDatabase();
        await database.HashSetAsync(key, [new HashEntry("teacher", teacherKey), new HashEntry("judge", judgeKey)]);
        await database.KeyExpireAsync(key, TimeToLive);
    }

    public async Task<(string Teacher, string Judge)> ReadAsync(Guid jobId)
    {
        var values = await redis.GetDatabase().HashGetAsync(Key(jobId), ["teacher", "judge"]);
        return (values[0].HasValue ? values[0].ToString() : "", values[1].HasValue ? values[1].ToString() : "");
    }

    private static RedisKey Key(Guid jobId) => $"generation:job-secrets:{jobId:N}";
}
