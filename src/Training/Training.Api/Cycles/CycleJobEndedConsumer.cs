using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Contracts.Messages;
using InstructLab.Aspire.Contracts.Messages.Cycles;
using InstructLab.Aspire.Hosting.Sagas;
using MassTransit;
using StackExchange.Redis;

namespace InstructLab.Aspire.Training.Api.Cycles;

/// <summary>
/// A job of any service ended: when a cycle started it, the cycle hears it as the end of that job's stage. A job that
/// ends before its cycle's state machine has seen the cycle's start is retried until it has.
/// </summary>
public sealed class CycleJobEndedConsumer(IConnectionMultiplexer redis, RedisSagaStore<CycleSaga> cycles) : IConsumer<JobEnded>
{
    public async Task Consume(ConsumeContext<JobEnded> context)
    {
        var ended = context.Message;
        var owner = await redis.GetDatabase().StringGetAsync(CycleKeys.JobOwner(ended.JobId));
        if (owner.IsNullOrEmpty || !Guid.TryParseExact(owner.ToString(), "N", out var cycle))
        {
            return;
        }
        if (await cycles.LoadAsync(cycle) is null)
        {
            throw new InvalidOperationException($"job {ended.JobId} of cycle {cycle} ended before the cycle's state machine started; retrying");
        }
        await context.Publish(new CycleStageEnded
        {
            CycleId = cycle,
            Stage = ended.Service switch
            {
                ResourceNames.Generation => CycleStage.Generate,
                ResourceNames.Training => CycleStage.Train,
                _ => CycleStage.Evaluate,
            },
            JobId = ended.JobId,
            Outcome = ended.Outcome,
            Error = ended.Error,
        });
    }
}

public sealed class CycleJobEndedConsumerDefinition : ConsumerDefinition<CycleJobEndedConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<CycleJobEndedConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2)));
    }
}
