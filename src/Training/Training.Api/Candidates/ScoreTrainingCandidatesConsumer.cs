using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Contracts.Messages.Training;
using InstructLab.Aspire.Hosting.Sagas;
using InstructLab.Aspire.Training.Api.Jobs;
using InstructLab.Aspire.Training.Api.StateMachines;
using MassTransit;

namespace InstructLab.Aspire.Training.Api.Candidates;

/// <summary>Starts the evaluations of a job's candidates (or finds those a first delivery started), and reports them to the job.</summary>
public sealed class ScoreTrainingCandidatesConsumer(RedisSagaStore<TrainingJobSaga> states, CandidateScoring scoring, IArtifactStore store)
    : IConsumer<ScoreTrainingCandidates>
{
    public async Task Consume(ConsumeContext<ScoreTrainingCandidates> context)
    {
        var work = context.Message;
        var job = await states.LoadAsync(work.JobId);
        if (job is null || TrainingViews.HasEnded(job))
        {
            return;
        }
        var plan = await store.ReadJsonAsync<TrainingPlan>(job.PlanKey, context.CancellationToken);
        var (started, refused) = await scoring.StartAsync(plan, work.Candidates, context.CancellationToken);
        await context.Publish(new TrainingCandidatesScoring { JobId = work.JobId, EvaluationIds = started, Notices = refused });
        // Every evaluation may have ended already (a repeated delivery; each refused): no end of theirs is still to come.
        if (await scoring.TryCollectAsync(work.JobId, work.Candidates, started, context.CancellationToken) is { } scored)
        {
            await context.Publish(scored);
        }
    }
}

public sealed class ScoreTrainingCandidatesConsumerDefinition : ConsumerDefinition<ScoreTrainingCandidatesConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ScoreTrainingCandidatesConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)));
    }
}
