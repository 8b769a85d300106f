using System.Text.Json;
using MassTransit;
using StackExchange.Redis;

namespace InstructLab.Aspire.Hosting.Sagas;

/// <summary>
/// The jobs a service has accepted, newest first, in Redis: a sorted set of ids and each job's submit message, so a
/// job is listed (as just submitted) from the moment the service answers, before its state machine has seen it.
/// </summary>
public abstract class SagaIndex<TSaga, TSubmitted>(IConnectionMultiplexer redis, RedisSagaStore<TSaga> states)
    where TSaga : class, ISagaVersion
    where TSubmitted : class
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The sorted set of ids, scored by submit time.</summary>
    protected abstract RedisKey ListKey { get; }

    protected abstract RedisKey SubmittedKey(Guid id);

    protected abstract (Guid Id, DateTimeOffset SubmittedAt) Identify(TSubmitted submitted);

    /// <summary>The state a job has before its state machine has seen its submit message.</summary>
    protected abstract TSaga Placeholder(TSubmitted submitted);

    public async Task AddAsync(TSubmitted submitted)
    {
        var (id, at) = Identify(submitted);
        var database = redis.GetDatabase();
        await database.StringSetAsync(SubmittedKey(id), JsonSerializer.Serialize(submitted, Json));
        await database.SortedSetAddAsync(ListKey, id.ToString("N"), at.ToUnixTimeMilliseconds());
    }

    /// <summary>The job's state, or null when this suite never accepted it.</summary>
    public async Task<TSaga?> GetAsync(Guid id)
    {
        if (await states.LoadAsync(id) is { } state)
        {
            return state;
        }
        return await SubmittedAsync(id) is { } submitted ? Placeholder(submitted) : null;
    }

    /// <summary>
    /// The job's submit message while its state machine has not seen it: a service stopped between storing and
    /// publishing it leaves a job so, and whoever repeats the request publishes the message again (every job state
    /// machine takes a repeated submit). Null when the job is unknown or its state machine has it.
    /// </summary>
    public async Task<TSubmitted?> UnstartedAsync(Guid id)
    {
        return await states.LoadAsync(id) is null ? await SubmittedAsync(id) : null;
    }

    /// <summary>Publishes the job's submit message again when its state machine has not seen it (see <see cref="UnstartedAsync"/>).</summary>
    public async Task<bool> ResubmitIfUnstartedAsync(Guid id, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        if (await UnstartedAsync(id) is not { } submitted)
        {
            return false;
        }
        await bus.Publish((object)submitted, cancellationToken);
        return true;
    }

    private async Task<TSubmitted?> SubmittedAsync(Guid id)
    {
        var submitted = await redis.GetDatabase().StringGetAsync(SubmittedKey(id));
        return submitted.IsNullOrEmpty ? null : JsonSerializer.Deserialize<TSubmitted>(submitted.ToString(), Json);
    }

    public async Task<IReadOnlyList<TSaga>> ListAsync(int limit)
    {
        var ids = await redis.GetDatabase().SortedSetRangeByRankAsync(ListKey, 0, limit - 1, Order.Descending);
        var jobs = await Task.WhenAll(ids.Select(id => GetAsync(Guid.ParseExact(id.ToString(), "N"))));
        return [.. jobs.OfType<TSaga>()];
    }
}
