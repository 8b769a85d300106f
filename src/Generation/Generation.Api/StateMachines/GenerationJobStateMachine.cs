using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Contracts.Messages;
using InstructLab.Aspire.Contracts.Messages.Generation;
using InstructLab.Aspire.Hosting.Sagas;
using MassTransit;

namespace InstructLab.Aspire.Generation.Api.StateMachines;

/// <summary>
/// A generation job from submit to dataset. Every message may arrive twice (a crash between the state's save and the
/// message's acknowledgement): a repeated submit sends the batches not yet done again, a repeated last batch asks for
/// the mix again; workers and the mixer are idempotent, batch results are counted once.
/// </summary>
public sealed class GenerationJobStateMachine : MassTransitStateMachine<GenerationJobState>
{
    public GenerationJobStateMachine()
    {
        InstanceState(job => job.CurrentState);
        Event(() => Submitted, e => e.CorrelateById(m => m.Message.JobId));
        Event(() => BatchDone, e => e.CorrelateById(m => m.Message.JobId));
        Event(() => Mixed, e => e.CorrelateById(m => m.Message.JobId));
        Event(() => CancelRequested, e => e.CorrelateById(m => m.Message.JobId));
        Event(() => AttemptFailed, e => e.CorrelateById(m => m.Message.JobId));
        Event(() => BatchFaulted, e => e.CorrelateById(m => m.Message.Message.JobId));
        Event(() => MixFaulted, e => e.CorrelateById(m => m.Message.Message.JobId));

        Initially(
            When(Submitted)
                .Then(context => JobProgress.Start(context.Saga, context.Message))
                .TransitionTo(Running)
                .ThenAsync(context => JobCommands.SendPendingBatchesAsync(context, context.Saga)));

        During(Running,
            When(Submitted)
                .ThenAsync(context => JobCommands.SendPendingBatchesAsync(context, context.Saga)),
            When(BatchDone)
                .Then(context => JobProgress.Record(context.Saga, context.Message))
                .If(context => context.Saga.AllBatchesDone, done => done
                    .TransitionTo(Mixing)
                    .ThenAsync(context => JobCommands.SendMixAsync(context, context.Saga))),
            When(AttemptFailed)
                .Then(context => JobProgress.Record(context.Saga, context.Message, context.MessageId ?? NewId.NextGuid())),
            When(BatchFaulted)
                .Then(context => JobProgress.Fail(context.Saga, $"batch {context.Message.Message.LeafIndex}:{context.Message.Message.BatchIndex} failed: {Faults.Describe(context.Message)}"))
                .TransitionTo(Failed),
            When(CancelRequested)
                .Then(context => JobProgress.Finish(context.Saga))
                .TransitionTo(Cancelled));

        During(Mixing,
            When(BatchDone)
                .ThenAsync(context => JobCommands.SendMixAsync(context, context.Saga)),
            When(Mixed)
                .Then(context =>
                {
                    context.Saga.Dataset = context.Message.Dataset;
                    JobProgress.Finish(context.Saga);
                })
                .TransitionTo(Completed)
                .Publish(context => new DatasetReady
                {
                    JobId = context.Saga.CorrelationId,
                    Name = context.Saga.Name,
                    Dataset = context.Message.Dataset,
                    CompletedAt = context.Saga.FinishedAt!.Value,
                }),
            When(MixFaulted)
                .Then(context => JobProgress.Fail(context.Saga, $"mixing failed: {Faults.Describe(context.Message)}"))
                .TransitionTo(Failed),
            When(CancelRequested)
                .Then(context => JobProgress.Finish(context.Saga))
                .TransitionTo(Cancelled));

        During(Completed, Failed, Cancelled,
            Ignore(Submitted), Ignore(BatchDone), Ignore(Mixed), Ignore(CancelRequested), Ignore(BatchFaulted), Ignore(MixFaulted),
            Ignore(AttemptFailed));
        During(Running, Ignore(Mixed), Ignore(MixFaulted));
        During(Mixing, Ignore(Submitted), Ignore(BatchFaulted), Ignore(AttemptFailed));

        // Whoever started the job (a LAB cycle) hears how it ended.
        WhenEnter(Completed, ended => ended.Publish(context => Ended(context.Saga.CorrelationId, JobOutcome.Completed, null)));
        WhenEnter(Failed, ended => ended.Publish(context => Ended(context.Saga.CorrelationId, JobOutcome.Failed, context.Saga.Error)));
        WhenEnter(Cancelled, ended => ended.Publish(context => Ended(context.Saga.CorrelationId, JobOutcome.Cancelled, null)));
    }

    public State Running { get; private set; } = null!;

    public State Mixing { get; private set; } = null!;

    public State Completed { get; private set; } = null!;

    public State Failed { get; private set; } = null!;

    public State Cancelled { get; private set; } = null!;

    public Event<GenerationJobSubmitted> Submitted { get; private set; } = null!;

    public Event<BatchGenerated> BatchDone { get; private set; } = null!;

    public Event<DatasetMixed> Mixed { get; private set; } = null!;

    public Event<CancelGenerationJob> CancelRequested { get; private set; } = null!;

    public Event<BatchAttemptFailed> AttemptFailed { get; private set; } = null!;

    public Event<Fault<GenerateBatch>> BatchFaulted { get; private set; } = null!;

    public Event<Fault<MixDataset>> MixFaulted { get; private set; } = null!;

    private static JobEnded Ended(Guid id, JobOutcome outcome, string? error) =>
        new() { JobId = id, Service = ResourceNames.Generation, Outcome = outcome, Error = error };
}
