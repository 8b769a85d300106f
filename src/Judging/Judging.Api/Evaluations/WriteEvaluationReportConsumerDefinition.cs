using MassTransit;

namespace InstructLab.Aspire.Judging.Api.Evaluations;

/// <summary>The report writer: a few retries (the artifact store restarting) before a <c>Fault</c> fails the evaluation.</summary>
public sealed class WriteEvaluationReportConsumerDefinition : ConsumerDefinition<WriteEvaluationReportConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<WriteEvaluationReportConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)));
    }
}
