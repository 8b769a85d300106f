using InstructLab.Aspire.Contracts.Messages.Training;
using InstructLab.Aspire.Hosting.Sagas;
using InstructLab.Aspire.Training.Api.StateMachines;
using StackExchange.Redis;

namespace InstructLab.Aspire.Training.Api.Jobs;

/// <summary>The training jobs this suite has accepted, newest first (see <see cref="SagaIndex{TSaga, TSubmitted}"/>).</summary>
public sealed class TrainingIndex(IConnectionMultiplexer redis, RedisSagaStore<TrainingJobSaga> states)
    : SagaIndex<TrainingJobSaga, TrainingJobSubmitted>(redis, states)
{
    protected override RedisKey ListKey => "training:jobs";

    protected override RedisKey SubmittedKey(Guid id) => $"training:job-submitted:{id:N}";

    protected override (Guid Id, DateTimeOffset SubmittedAt) Identify(TrainingJobSubmitted submitted) => (submitted.JobId, submitted.SubmittedAt);

    protected override TrainingJobSaga Placeholder(TrainingJobSubmitted submitted) => new()
    {
        CorrelationId = submitted.JobId,
        CurrentState = "Queued",
        Name = submitted.Name,
        PlanKey = submitted.PlanKey,
        BaseModel = submitted.BaseModel,
        OutputModelId = submitted.OutputModelId,
        ModelVersion = submitted.ModelVersion,
        Strategy = submitted.Strategy,
        Phases = [.. submitted.Phases],
        Notices = [.. submitted.Notices],
        GenerationJobId = submitted.GenerationJobId,
        SubmittedAt = submitted.SubmittedAt,
    };
}
