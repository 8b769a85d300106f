using MassTransit;

namespace InstructLab.Aspire.Hosting.Sagas;

/// <summary>
/// The endpoint of a job's state machine stored by <see cref="RedisSagaStore{TSaga}"/>: one message at a time per
/// process (few conflicts between a job's messages), retries for a concurrent write by another process or a broker
/// hiccup, and an in-memory outbox so commands go out only after the new state is saved.
/// </summary>
public sealed class RedisSagaDefinition<TSaga> : SagaDefinition<TSaga> where TSaga : class, ISaga
{
    public RedisSagaDefinition()
    {
        ConcurrentMessageLimit = 1;
    }

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<TSaga> sagaConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry => retry.Exponential(20, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100)));
        endpointConfigurator.UseInMemoryOutbox(context);
    }
}
