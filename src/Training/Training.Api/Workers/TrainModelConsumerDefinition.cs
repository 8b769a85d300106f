using MassTransit;

namespace InstructLab.Aspire.Training.Api.Workers;

/// <summary>
/// One job at a time per worker (prefetch one, so a busy worker holds no other job's work item), and a few retries of
/// a failing segment (a lost connection to the artifact store) before it becomes a <c>Fault</c> that fails the job.
/// </summary>
public sealed class TrainModelConsumerDefinition : ConsumerDefinition<TrainModelConsumer>
{
    public TrainModelConsumerDefinition()
    {
        ConcurrentMessageLimit = 1;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TrainModelConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = 1;
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Ignore<OperationCanceledException>();
            retry.Intervals(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));
        });
    }
}
