using MassTransit;

namespace InstructLab.Aspire.Judging.Api.Evaluations;

/// <summary>
/// The state machine's endpoint: one message at a time per process, retries for a concurrent write by another
/// process, and an in-memory outbox so commands go out only after the new state is saved.
/// </summary>
public sealed class EvaluationStateDefinition : SagaDefinition<EvaluationState>
{
    public EvaluationStateDefinition()
    {
        ConcurrentMessageLimit = 1;
    }

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<EvaluationState> sagaConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry => retry.Exponential(20, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100)));
        endpointConfigurator.UseInMemoryOutbox(context);
    }
}
