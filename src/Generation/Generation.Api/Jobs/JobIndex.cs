using InstructLab.Aspire.Contracts.Messages.Generation;
using InstructLab.Aspire.Generation.Api.StateMachines;
using InstructLab.Aspire.Hosting.Sagas;
using StackExchange.Redis;

namespace InstructLab.Aspire.Generation.Api.Jobs;

/// <summary>The generation jobs this suite has accepted, newest first (see <see cref="SagaIndex{TSaga, TSubmitted}"/>).</summary>
public sealed class JobIndex(IConnectionMultiplexer redis, RedisSagaStore<GenerationJobState> states)
    : SagaIndex<GenerationJobState, GenerationJobSubmitted>(redis, states)
{
    public const string StateKeyPrefix = "generation:job-state:";

    protected override RedisKey ListKey => "generation:jobs";

    protected override RedisKey SubmittedKey(Guid id) => $"generation:job-submitted:{id:N}";

    protected override (Guid Id, DateTimeOffset SubmittedAt) Identify(GenerationJobSubmitted submitted) => (submitted.JobId, submitted.SubmittedAt);

    protected override GenerationJobState Placeholder(GenerationJobSubmitted submitted) => JobViews.Submitted(submitted);
}
