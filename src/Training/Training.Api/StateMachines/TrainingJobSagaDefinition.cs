using MassTransit;

namespace InstructLab.Aspire.Training.Api.StateMachines;

/// <summary>
/// The state machine's endpoint: one message at a time per process, retries for a concurrent write by another process,
/// and an in-memory outbox so work items go out only after the new state is saved.
/// </summary>
public sealed class TrainingJobSagaDefinition : SagaDefinition<TrainingJobSaga>
{
    public TrainingJobSagaDefinition()
    {
        ConcurrentMessageLimit = 1;
    }

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<TrainingJobSaga> sagaConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry => retry.Exponential(20, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100)));
        endpointConfigurator.UseInMemoryOutbox(context);
    }
}
