using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Contracts.Messages;
using InstructLab.Aspire.Contracts.Messages.Training;
using InstructLab.Aspire.Hosting.Sagas;
using InstructLab.Aspire.Training.Api.Candidates;
using InstructLab.Aspire.Training.Api.Workers;
using MassTransit;

namespace InstructLab.Aspire.Training.Api.StateMachines;

/// <summary>
/// A training job from submit to published model. Its work runs in segments: each <see cref="TrainModel"/> is one,
/// and the job's segment number moves on only when the segment it counts ends, so a message that arrives twice
/// cannot start work twice (workers also skip segments already done). A segment-ended message seen again after the
/// count moved on sends the current segment's work item again: the first send may have been lost with a crash.
/// A job that scores its checkpoints through the evaluation service goes from training to Selecting (its candidates
/// evaluated) and Publishing (the best one published) before it is done.
/// </summary>
public sealed class TrainingJobStateMachine : MassTransitStateMachine<TrainingJobSaga>
{
    private static readonly Uri WorkQueue = new($"queue:{KebabCaseEndpointNameFormatter.Instance.Consumer<TrainModelConsumer>()}");
    private static readonly Uri ScoringQueue = new($"queue:{KebabCaseEndpointNameFormatter.Instance.Consumer<ScoreTrainingCandidatesConsumer>()}");
    private static readonly Uri PublishingQueue = new($"queue:{KebabCaseEndpointNameFormatter.Instance.Consumer<PublishTrainingCandidateConsumer>()}");

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
        Event(() => CandidatesReady, e => e.CorrelateById(m => m.Message.JobId));
        Event(() => CandidatesScoring, e => e.CorrelateById(m => m.Message.JobId));
        Event(() => CandidatesScored, e => e.CorrelateById(m => m.Message.JobId));
        Event(() => ScoringFaulted, e => e.CorrelateById(m => m.Message.Message.JobId));
        Event(() => PublishingFaulted, e => e.CorrelateById(m => m.Message.Message.JobId));

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
            When(CandidatesReady)
                .Then(context =>
                {
                    context.Saga.Candidates = [.. context.Message.Candidates];
                    context.Saga.Worker = "";
                })
                .TransitionTo(Selecting)
                .ThenAsync(context => SendAsync(context, ScoringQueue, new ScoreTrainingCandidates { JobId = context.Saga.CorrelationId, Candidates = context.Saga.Candidates })));

        During(Selecting,
            When(CandidatesScoring)
                .Then(context =>
                {
                    context.Saga.EvaluationIds = [.. context.Message.EvaluationIds];
                    context.Saga.Notices.AddRange(context.Message.Notices.Except(context.Saga.Notices));
                }),
            When(CandidatesScored)
                .Then(context =>
                {
                    context.Saga.Candidates = [.. context.Message.Candidates];
                    context.Saga.Notices.AddRange(context.Message.Notices.Except(context.Saga.Notices));
                })
                .TransitionTo(Publishing)
                .ThenAsync(context => SendAsync(context, PublishingQueue, new PublishTrainingCandidate
                {
                    JobId = context.Saga.CorrelationId, PlanKey = context.Saga.PlanKey, Candidates = context.Saga.Candidates, Judge = context.Message.Judge,
                })),
            When(ScoringFaulted)
                .Then(context => Finish(context.Saga, $"scoring the checkpoints failed: {Faults.Describe(context.Message)}"))
                .TransitionTo(Failed),
            Ignore(Submitted), Ignore(SegmentStarted), Ignore(SegmentEnded), Ignore(CandidatesReady), Ignore(CancelledByWorker), Ignore(WorkFaulted),
            Ignore(Completed), Ignore(PublishingFaulted));

        During(Publishing,
            When(PublishingFaulted)
                .Then(context => Finish(context.Saga, $"publishing the chosen checkpoint failed: {Faults.Describe(context.Message)}"))
                .TransitionTo(Failed),
            Ignore(Submitted), Ignore(SegmentStarted), Ignore(SegmentEnded), Ignore(CandidatesReady), Ignore(CandidatesScoring), Ignore(CandidatesScored),
            Ignore(CancelledByWorker), Ignore(WorkFaulted), Ignore(ScoringFaulted));

        // The output is published: by the worker (Queued, Running, or Cancelling when the cancel came too late) or by
        // the publishing of the chosen candidate.
        During(Queued, Running, Cancelling, Publishing,
            When(Completed)
                .Then(context =>
                {
                    Finish(context.Saga, null);
                    context.Saga.Model = context.Message.Model;
                })
                .TransitionTo(Done));

        // Cancel while the candidates are scored or published: the job ends (its checkpoints and candidates are kept).
        During(Selecting, Publishing,
            When(CancelRequested)
                .Then(context => Finish(context.Saga, null))
                .TransitionTo(Cancelled),
            When(FailedByWorker)
                .Then(context => Finish(context.Saga, context.Message.Error))
                .TransitionTo(Failed));

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
            When(FailedByWorker)
                .Then(context => Finish(context.Saga, context.Message.Error))
                .TransitionTo(Failed),
            When(WorkFaulted)
                .Then(context => Finish(context.Saga, $"the worker failed: {Faults.Describe(context.Message)}"))
                .TransitionTo(Failed),
            When(CandidatesReady)
                .Then(context => Finish(context.Saga, null))
                .TransitionTo(Cancelled),
            Ignore(Submitted), Ignore(SegmentStarted), Ignore(CancelRequested));

        During(Done, Failed, Cancelled,
            Ignore(Submitted), Ignore(SegmentStarted), Ignore(SegmentEnded), Ignore(Completed), Ignore(FailedByWorker), Ignore(CancelledByWorker),
            Ignore(CancelRequested), Ignore(WorkFaulted), Ignore(CandidatesReady), Ignore(CandidatesScoring), Ignore(CandidatesScored),
            Ignore(ScoringFaulted), Ignore(PublishingFaulted));

        // Whoever started the job (a LAB cycle) hears how it ended.
        WhenEnter(Done, ended => ended.Publish(context => Ended(context.Saga.CorrelationId, JobOutcome.Completed, null)));
        WhenEnter(Failed, ended => ended.Publish(context => Ended(context.Saga.CorrelationId, JobOutcome.Failed, context.Saga.Error)));
        WhenEnter(Cancelled, ended => ended.Publish(context => Ended(context.Saga.CorrelationId, JobOutcome.Cancelled, null)));
    }

    public State Queued { get; private set; } = null!;

    public State Running { get; private set; } = null!;

    public State Cancelling { get; private set; } = null!;

    /// <summary>Trained; the candidates are being evaluated.</summary>
    public State Selecting { get; private set; } = null!;

    /// <summary>Scored; the chosen candidate is being published.</summary>
    public State Publishing { get; private set; } = null!;

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

    public Event<TrainingCandidatesReady> CandidatesReady { get; private set; } = null!;

    public Event<TrainingCandidatesScoring> CandidatesScoring { get; private set; } = null!;

    public Event<TrainingCandidatesScored> CandidatesScored { get; private set; } = null!;

    public Event<Fault<ScoreTrainingCandidates>> ScoringFaulted { get; private set; } = null!;

    public Event<Fault<PublishTrainingCandidate>> PublishingFaulted { get; private set; } = null!;

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

    private static Task SendWorkAsync(ConsumeContext context, TrainingJobSaga job) =>
        SendAsync(context, WorkQueue, new TrainModel { JobId = job.CorrelationId, PlanKey = job.PlanKey, Segment = job.Segment });

    private static async Task SendAsync<T>(ConsumeContext context, Uri queue, T message) where T : class
    {
        var endpoint = await context.GetSendEndpoint(queue);
        await endpoint.Send(message, context.CancellationToken);
    }

    private static JobEnded Ended(Guid id, JobOutcome outcome, string? error) =>
        new() { JobId = id, Service = ResourceNames.Training, Outcome = outcome, Error = error };
}
