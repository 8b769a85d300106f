using System.Text.Json;
using InstructLab.Aspire.Contracts.Messages.Generation;
using InstructLab.Aspire.Generation.Api.StateMachines;
using InstructLab.Aspire.Hosting.Sagas;
using StackExchange.Redis;

namespace InstructLab.Aspire.Generation.Api.Jobs;

/// <summary>
/// The jobs this suite has accepted, newest first, in Redis: a sorted set of ids and each job's submit message, so a
/// job is listed (as running) from the moment SubmitJob answers, before its state machine has seen it.
/// </summary>
public sealed class JobIndex(IConnectionMultiplexer redis, RedisSagaStore<GenerationJobState> states)
{
    public const string StateKeyPrefix = "generation:job-state:";
    private const string Jobs = "generation:jobs";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task AddAsync(GenerationJobSubmitted submitted)
    {
        var database = redis.GetDatabase();
        await database.StringSetAsync(SubmittedKey(submitted.JobId), JsonSerializer.Serialize(submitted, Json));
        await database.SortedSetAddAsync(Jobs, submitted.JobId.ToString("N"), submitted.SubmittedAt.ToUnixTimeMilliseconds());
    }

    /// <summary>The job's state, or null when this suite never accepted it.</summary>
    public async Task<GenerationJobState?> GetAsync(Guid jobId)
    {
        if (await states.LoadAsync(jobId) is { } state)
        {
            return state;
        }
        var submitted = await redis.GetDatabase().StringGetAsync(SubmittedKey(jobId));
        return submitted.IsNullOrEmpty ? null : JobViews.Submitted(JsonSerializer.Deserialize<GenerationJobSubmitted>(submitted.ToString(), Json)!);
    }

    public async Task<IReadOnlyList<GenerationJobState>> ListAsync(int limit)
    {
        var ids = await redis.GetDatabase().SortedSetRangeByRankAsync(Jobs, 0, limit - 1, Order.Descending);
        var jobs = await Task.WhenAll(ids.Select(id => GetAsync(Guid.ParseExact(id.ToString(), "N"))));
        return [.. jobs.OfType<GenerationJobState>()];
    }

    private static RedisKey SubmittedKey(Guid jobId) => $"generation:job-submitted:{jobId:N}";
}
