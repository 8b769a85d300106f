using InstructLab.Aspire.Contracts.Messages.Evaluation;
using InstructLab.Aspire.Hosting.Sagas;
using StackExchange.Redis;

namespace InstructLab.Aspire.Judging.Api.Evaluations;

/// <summary>The evaluations this suite has accepted, newest first (see <see cref="SagaIndex{TSaga, TSubmitted}"/>).</summary>
public sealed class EvaluationIndex(IConnectionMultiplexer redis, RedisSagaStore<EvaluationState> states)
    : SagaIndex<EvaluationState, EvaluationSubmitted>(redis, states)
{
    public const string StateKeyPrefix = "evaluation:state:";

    protected override RedisKey ListKey => "evaluation:all";

    protected override RedisKey SubmittedKey(Guid id) => $"evaluation:submitted:{id:N}";

    protected override (Guid Id, DateTimeOffset SubmittedAt) Identify(EvaluationSubmitted submitted) => (submitted.EvaluationId, submitted.SubmittedAt);

    protected override EvaluationState Placeholder(EvaluationSubmitted submitted) => EvaluationViews.Submitted(submitted);
}
