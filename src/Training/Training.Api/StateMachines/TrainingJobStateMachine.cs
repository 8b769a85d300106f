using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Contracts.Messages;
using InstructLab.Aspire.Contracts.Messages.Training;
using InstructLab.Aspire.Hosting.Sagas;
using InstructLab.Aspire.Training.Api.Workers;
using MassTransit;

namespace InstructLab.Aspire.Training.Api.StateMachines;

/// <summary>
/// A training job from submit to published model. Its work runs in segments: each <see cref="TrainModel"/> is one,
/// and the job's segment number moves on only when the segment it counts ends, so a message that arrives twice
/// cannot start work twice (workers also skip segments already done). A segment-ended message seen again after the
/// count moved on sends the current segment's work item again: the first send may have been lost with a crash.
/// </summary>
public sealed class TrainingJobStateMachine : MassTransitStateMachine<TrainingJobSaga>
{
    private static readonly Uri WorkQueue = new($"queue:{KebabCaseEndpointNameFormatter.Instance.Consumer<TrainModelConsumer>()}");

    public TrainingJobStateMachine()
    {
        InstanceState(j => j.CurrentState);
        Event(() => Submitted, e => e.CorrelateById(m => m.Message.JobId));
        Event(() => SegmentStarted, e => e.CorrelateById(m => m.Message.JobId));
        Event(() => SegmentEnded, e => e.CorrelateById(m => m.Message.JobId));
        Event(() => Completed, e => e.CorrelateById(m => m.Message.JobId));
        Event(() => FailedByWorker, e => e.CorrelateById(m => m.Message.JobId));
        Event(() => CancelledByWorker, e => e.CorrelateById(m => m.Message.JobId));
        Event(() => CancelRequested, e => e.CorrelateById(m => m.Message.JobId));
        Event(() => WorkFaulted, e => e.CorrelateById(m => m.Message.Message.JobId));

        Initially(
            When(Submitted)
                .Then(context => Start(context.Saga, context.Message))
                .TransitionTo(Queued)
                .ThenAsync(context => SendWorkAsync(context, context.Saga)));

        During(Queued, Running,
            When(Submitted)
                .If(context => context.Saga.Attempts == 0, resend => resend.ThenAsync(context => SendWorkAsync(context, context.Saga))),
            When(SegmentStarted, context => context.Message.Segment == context.Saga.Segment)
                .Then(context =>
                {
                    context.Saga.Attempts++;
                    context.Saga.Worker = context.Message.Worker;
                })
                .TransitionTo(Running),
            When(SegmentEnded, context => context.Message.Segment == context.Saga.Segment)
                .Then(context =>
                {
                    context.Saga.Segment++;
                    context.Saga.Worker = "";
                })
                .TransitionTo(Queued)
                .ThenAsync(context => SendWorkAsync(context, context.Saga)),
            When(SegmentEnded, context => context.Message.Segment < context.Saga.Segment && context.Saga.Worker == "")
                .ThenAsync(context => SendWorkAsync(context, context.Saga)),
            When(WorkFaulted)
                .Then(context => Finish(context.Saga, $"the worker failed: {Faults.Describe(context.Message)}"))
                .TransitionTo(Failed),
            When(FailedByWorker)
                .Then(context => Finish(context.Saga, context.Message.Error))
                .TransitionTo(Failed),
            When(Completed)
                .Then(context =>
                {
                    Finish(context.Saga, null);
                    context.Saga.Model = context.Message.Model;
                })
                .TransitionTo(Done));

        During(Queued,
            When(CancelRequested)
                .Then(context => Finish(context.Saga, null))
                .TransitionTo(Cancelled),
            When(CancelledByWorker)
                .Then(context => Finish(context.Saga, null))
                .TransitionTo(Cancelled));

        During(Running,
            When(CancelRequested)
                .TransitionTo(Cancelling),
            When(CancelledByWorker)
                .Then(context => Finish(context.Saga, null))
                .TransitionTo(Cancelled));

        During(Cancelling,
            When(CancelledByWorker)
                .Then(context => Finish(context.Saga, null))
                .TransitionTo(Cancelled),
            // The worker ended its segment before it saw the cancel: nothing runs, so the job ends here.
            When(SegmentEnded)
                .Then(context => Finish(context.Saga, null))
                .TransitionTo(Cancelled),
            When(Completed)
                .Then(context =>
                {
                    Finish(context.Saga, null);
                    context.Saga.Model = context.Message.Model;
                })
                .TransitionTo(Done),
            When(FailedByWorker)
                .Then(context => Finish(context.Saga, context.Message.Error))
                .TransitionTo(Failed),
            When(WorkFaulted)
                .Then(context => Finish(context.Saga, $"the worker failed: {Faults.Describe(context.Message)}"))
                .TransitionTo(Failed),
            Ignore(Submitted), Ignore(SegmentStarted), Ignore(CancelRequested));

        During(Done, Failed, Cancelled,
            Ignore(Submitted), Ignore(SegmentStarted), Ignore(SegmentEnded), Ignore(Completed), Ignore(FailedByWorker), Ignore(CancelledByWorker),
            Ignore(CancelRequested), Ignore(WorkFaulted));

        // Whoever started the job (a LAB cycle) hears how it ended.
        WhenEnter(Done, ended => ended.Publish(context => Ended(context.Saga.CorrelationId, JobOutcome.Completed, null)));
        WhenEnter(Failed, ended => ended.Publish(context => Ended(context.Saga.CorrelationId, JobOutcome.Failed, context.Saga.Error)));
        WhenEnter(Cancelled, ended => ended.Publish(context => Ended(context.Saga.CorrelationId, JobOutcome.Cancelled, null)));
    }

    public State Queued { get; private set; } = null!;

    public State Running { get; private set; } = null!;

    public State Cancelling { get; private set; } = null!;

    public State Done { get; private set; } = null!;

    public State Failed { get; private set; } = null!;

    public State Cancelled { get; private set; } = null!;

    public Event<TrainingJobSubmitted> Submitted { get; private set; } = null!;

    public Event<TrainingSegmentStarted> SegmentStarted { get; private set; } = null!;

    public Event<TrainingSegmentEnded> SegmentEnded { get; private set; } = null!;

    public Event<TrainingJobCompleted> Completed { get; private set; } = null!;

    public Event<TrainingJobFailed> FailedByWorker { get; private set; } = null!;

    public Event<TrainingJobCancelled> CancelledByWorker { get; private set; } = null!;

    public Event<CancelTrainingJob> CancelRequested { get; private set; } = null!;

    public Event<Fault<TrainModel>> WorkFaulted { get; private set; } = null!;

    private static void Start(TrainingJobSaga job, TrainingJobSubmitted submitted)
    {
        job.Name = submitted.Name;
        job.PlanKey = submitted.PlanKey;
        job.BaseModel = submitted.BaseModel;
        job.OutputModelId = submitted.OutputModelId;
        job.ModelVersion = submitted.ModelVersion;
        job.Strategy = submitted.Strategy;
        job.Phases = [.. submitted.Phases];
        job.Notices = [.. submitted.Notices];
        job.GenerationJobId = submitted.GenerationJobId;
        job.SubmittedAt = submitted.SubmittedAt;
    }

    private static void Finish(TrainingJobSaga job, string? error)
    {
        job.FinishedAt = DateTimeOffset.UtcNow;
        job.Error = error;
        job.Worker = "";
    }

    private static async Task SendWorkAsync(ConsumeContext context, TrainingJobSaga job)
    {
        var endpoint = await context.GetSendEndpoint(WorkQueue);
        await endpoint.Send(new TrainModel { JobId = job.CorrelationId, PlanKey = job.PlanKey, Segment = job.Segment }, context.CancellationToken);
    }

    private static JobEnded Ended(Guid id, JobOutcome outcome, string? error) =>
        new() { JobId = id, Service = ResourceNames.Training, Outcome = outcome, Error = error };
}
