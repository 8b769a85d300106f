using MassTransit;
using Microsoft.Extensions.Options;

namespace InstructLab.Aspire.Generation.Api.Consumers;

/// <summary>
/// Workers are competing consumers of one durable queue: each process takes <c>Generation:Workers:ConcurrentBatches</c>
/// batches at a time (prefetch the same, so a crashed process holds no more unacknowledged work than it ran), and
/// retries a failed batch (<c>Generation:Workers:Retries</c>, 2 s, 10 s, 30 s apart by default) before it goes to the
/// error queue as a <c>Fault</c> that fails the job.
/// </summary>
public sealed class GenerateBatchConsumerDefinition : ConsumerDefinition<GenerateBatchConsumer>
{
    private readonly int concurrency;
    private readonly TimeSpan[] retries;

    public GenerateBatchConsumerDefinition(IOptions<GenerationOptions> options)
    {
        concurrency = options.Value.Workers.ConcurrentBatches;
        retries = [.. options.Value.Workers.RetryIntervals()];
        ConcurrentMessageLimit = concurrency;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<GenerateBatchConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = concurrency;
        endpointConfigurator.UseMessageRetry(retry =>
        {
            if (retries.Length == 0)
            {
                retry.None();
            }
            else
            {
                retry.Intervals(retries);
            }
        });
    }
}
