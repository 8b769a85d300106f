using Google.Protobuf;
using InstructLab.Aspire.Contracts.Training.V1;
using StackExchange.Redis;

namespace InstructLab.Aspire.Training.Api.Cycles;

/// <summary>
/// A cycle's request as given, API keys and git credentials included, kept in Redis for the stages that call the
/// teacher, the judge and the taxonomy; the plan in the artifact store has it without them.
/// </summary>
public sealed class CycleSecrets(IConnectionMultiplexer redis)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    public Task StoreAsync(Guid cycle, RunCycleRequest request) =>
        redis.GetDatabase().StringSetAsync(CycleKeys.Secrets(cycle), request.ToByteArray(), Lifetime);

    public async Task<RunCycleRequest> GetAsync(Guid cycle)
    {
        var value = await redis.GetDatabase().StringGetAsync(CycleKeys.Secrets(cycle));
        return value.IsNullOrEmpty
            ? throw new InvalidOperationException($"cycle {cycle}'s request is no longer in Redis (kept {Lifetime.TotalDays} days)")
            : RunCycleRequest.Parser.ParseFrom((byte[])value!);
    }
}
