using System.Text.Json;
using InstructLab.Aspire.Contracts.Messages.Evaluation;
using InstructLab.Aspire.Hosting.Sagas;
using StackExchange.Redis;

namespace InstructLab.Aspire.Judging.Api.Evaluations;

/// <summary>
/// The evaluations this suite has accepted, newest first, in Redis: a sorted set of ids and each one's submit
/// message, so an evaluation is listed (as running) from the moment Run answers, before its state machine has seen it.
/// </summary>
public sealed class EvaluationIndex(IConnectionMultiplexer redis, RedisSagaStore<EvaluationState> states)
{
    public const string StateKeyPrefix = "evaluation:state:";
    private const string All = "evaluation:all";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task AddAsync(EvaluationSubmitted submitted)
    {
        var database = redis.GetDatabase();
        await database.StringSetAsync(SubmittedKey(submitted.EvaluationId), JsonSerializer.Serialize(submitted, Json));
        await database.SortedSetAddAsync(All, submitted.EvaluationId.ToString("N"), submitted.SubmittedAt.ToUnixTimeMilliseconds());
    }

    public async Task<EvaluationState?> GetAsync(Guid id)
    {
        if (await states.LoadAsync(id) is { } state)
        {
            return state;
        }
        var submitted = await redis.GetDatabase().StringGetAsync(SubmittedKey(id));
        return submitted.IsNullOrEmpty ? null : EvaluationViews.Submitted(JsonSerializer.Deserialize<EvaluationSubmitted>(submitted.ToString(), Json)!);
    }

    public async Task<IReadOnlyList<EvaluationState>> ListAsync(int limit)
    {
        var ids = await redis.GetDatabase().SortedSetRangeByRankAsync(All, 0, limit - 1, Order.Descending);
        var evaluations = await Task.WhenAll(ids.Select(id => GetAsync(Guid.ParseExact(id.ToString(), "N"))));
        return [.. evaluations.OfType<EvaluationState>()];
    }

    private static RedisKey SubmittedKey(Guid id) => $"evaluation:submitted:{id:N}";
}
