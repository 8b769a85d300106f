using MassTransit;
using Microsoft.Extensions.Options;

namespace InstructLab.Aspire.Judging.Api.Evaluations;

/// <summary>
/// Workers are competing consumers of one durable queue: each instance takes <c>Judging:Evaluation:ConcurrentBatches</c>
/// work items at a time (prefetch the same, so a killed instance holds no more unacknowledged work than it ran) and
/// retries a failed one three times before it becomes a <c>Fault</c> that fails the evaluation.
/// </summary>
public sealed class EvaluateBatchConsumerDefinition : ConsumerDefinition<EvaluateBatchConsumer>
{
    private readonly int concurrency;

    public EvaluateBatchConsumerDefinition(IOptions<EvaluationOptions> options)
    {
        concurrency = options.Value.ConcurrentBatches;
        ConcurrentMessageLimit = concurrency;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<EvaluateBatchConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = concurrency;
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)));
    }
}
