using InstructLab.Aspire.Contracts.Messages.Training;
using InstructLab.Aspire.Hosting;
using MassTransit;

namespace InstructLab.Aspire.Training.Api.Workers;

/// <summary>Every instance sees every cancel; the one that runs the job stops it at the next step boundary.</summary>
public sealed class CancelTrainingJobConsumer(RunningJobs running) : IConsumer<CancelTrainingJob>
{
    public Task Consume(ConsumeContext<CancelTrainingJob> context)
    {
        running.Cancel(context.Message.JobId);
        return Task.CompletedTask;
    }
}

/// <summary>Each instance its own auto-deleted queue: cancels reach all of them, not one of competing consumers.</summary>
public sealed class CancelTrainingJobConsumerDefinition : ConsumerDefinition<CancelTrainingJobConsumer>
{
    public CancelTrainingJobConsumerDefinition(ServiceIdentity self)
    {
        EndpointName = $"training-cancel-{self.InstanceId:N}";
        Endpoint(endpoint => endpoint.Temporary = true);
    }
}
