using MassTransit;

namespace InstructLab.Aspire.Generation.Api.Consumers;

/// <summary>Mixing reads every batch of a job: a few at a time per process, retried before the job fails.</summary>
public sealed class MixDatasetConsumerDefinition : ConsumerDefinition<MixDatasetConsumer>
{
    public MixDatasetConsumerDefinition()
    {
        ConcurrentMessageLimit = 2;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<MixDatasetConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = 2;
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)));
    }
}
