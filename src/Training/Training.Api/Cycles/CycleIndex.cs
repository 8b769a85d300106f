using InstructLab.Aspire.Contracts.Messages.Cycles;
using InstructLab.Aspire.Hosting.Sagas;
using StackExchange.Redis;

namespace InstructLab.Aspire.Training.Api.Cycles;

/// <summary>The cycles this suite has accepted, newest first (see <see cref="SagaIndex{TSaga, TSubmitted}"/>).</summary>
public sealed class CycleIndex(IConnectionMultiplexer redis, RedisSagaStore<CycleSaga> states)
    : SagaIndex<CycleSaga, CycleSubmitted>(redis, states)
{
    protected override RedisKey ListKey => "cycle:list";

    protected override RedisKey SubmittedKey(Guid id) => $"cycle:submitted:{id:N}";

    protected override (Guid Id, DateTimeOffset SubmittedAt) Identify(CycleSubmitted submitted) => (submitted.CycleId, submitted.SubmittedAt);

    protected override CycleSaga Placeholder(CycleSubmitted submitted) => new()
    {
        CorrelationId = submitted.CycleId,
        CurrentState = "Generating",
        Name = submitted.Name,
        PlanKey = submitted.PlanKey,
        Taxonomy = submitted.Taxonomy,
        Base = submitted.Base,
        Student = submitted.Student,
        OutputModelId = submitted.OutputModelId,
        ReplayDataset = submitted.ReplayDataset,
        GenerationJobId = submitted.GenerationJobId,
        SubmittedAt = submitted.SubmittedAt,
        Stages = [new StageTime("generate", submitted.SubmittedAt, null)],
    };
}
