using MassTransit;

namespace InstructLab.Aspire.Generation.Api.StateMachines;

/// <summary>
/// The job state machine's endpoint: one message at a time per process (few conflicts between a job's batch
/// results), retries for a concurrent write by another process or a broker hiccup, and an in-memory outbox so
/// commands go out only after the new state is saved.
/// </summary>
public sealed class GenerationJobStateDefinition : SagaDefinition<GenerationJobState>
{
    public GenerationJobStateDefinition()
    {
        ConcurrentMessageLimit = 1;
    }

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<GenerationJobState> sagaConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry => retry.Exponential(20, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100)));
        endpointConfigurator.UseInMemoryOutbox(context);
    }
}
