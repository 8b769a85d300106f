using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Contracts.Messages;
using InstructLab.Aspire.Hosting.Sagas;
using InstructLab.Aspire.Training.Api.StateMachines;
using MassTransit;

namespace InstructLab.Aspire.Training.Api.Candidates;

/// <summary>
/// An evaluation ended: when it scores a job's candidate and it was the last of them to end, the scores go to the job.
/// One that ends before the job has recorded its evaluations is retried until it has.
/// </summary>
public sealed class CandidateEvaluationEndedConsumer(CandidateEvaluations evaluations, RedisSagaStore<TrainingJobSaga> states, CandidateScoring scoring)
    : IConsumer<JobEnded>
{
    public async Task Consume(ConsumeContext<JobEnded> context)
    {
        var ended = context.Message;
        if (ended.Service != ResourceNames.Judging || await evaluations.OwnerAsync(ended.JobId) is not { } owner)
        {
            return;
        }
        var job = await states.LoadAsync(owner);
        if (job is null || job.CurrentState != nameof(TrainingJobStateMachine.Selecting))
        {
            return;
        }
        if (!job.EvaluationIds.Contains(ended.JobId))
        {
            throw new InvalidOperationException($"evaluation {ended.JobId} of training job {owner} ended before the job recorded its evaluations; retrying");
        }
        if (await scoring.TryCollectAsync(owner, job.Candidates, job.EvaluationIds, context.CancellationToken) is { } scored)
        {
            await context.Publish(scored);
        }
    }
}

public sealed class CandidateEvaluationEndedConsumerDefinition : ConsumerDefinition<CandidateEvaluationEndedConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<CandidateEvaluationEndedConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2)));
    }
}
