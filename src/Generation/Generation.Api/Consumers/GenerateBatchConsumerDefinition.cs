using MassTransit;
using Microsoft.Extensions.Options;

namespace InstructLab.Aspire.Generation.Api.Consumers;

/// <summary>
/// Workers are competing consumers of one durable queue: each process takes <c>Generation:Workers:ConcurrentBatches</c>
/// batches at a time (prefetch the same, so a crashed process holds no more unacknowledged work than it ran), and
/// retries a failed batch three times before it becomes a <c>Fault</c> that fails the job.
/// </summary>
public sealed class GenerateBatchConsumerDefinition : ConsumerDefinition<GenerateBatchConsumer>
{
    private readonly int concurrency;

    public GenerateBatchConsumerDefinition(IOptions<GenerationOptions> options)
    {
        concurrency = options.Value.Workers.ConcurrentBatches;
        ConcurrentMessageLimit = concurrency;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<GenerateBatchConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = concurrency;
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)));
    }
}
