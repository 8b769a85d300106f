using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Contracts.Messages;
using InstructLab.Aspire.Contracts.Messages.Evaluation;
using InstructLab.Aspire.Hosting.Sagas;
using MassTransit;

namespace InstructLab.Aspire.Judging.Api.Evaluations;

/// <summary>
/// An evaluation from submit to report. Every message may arrive twice: a repeated submit sends the batches not yet
/// counted again, a repeated last batch asks for the report again; workers and the report writer are idempotent.
/// </summary>
public sealed class EvaluationStateMachine : MassTransitStateMachine<EvaluationState>
{
    private static readonly Uri BatchQueue = new($"queue:{KebabCaseEndpointNameFormatter.Instance.Consumer<EvaluateBatchConsumer>()}");
    private static readonly Uri ReportQueue = new($"queue:{KebabCaseEndpointNameFormatter.Instance.Consumer<WriteEvaluationReportConsumer>()}");

    public EvaluationStateMachine()
    {
        InstanceState(e => e.CurrentState);
        Event(() => Submitted, e => e.CorrelateById(m => m.Message.EvaluationId));
        Event(() => BatchDone, e => e.CorrelateById(m => m.Message.EvaluationId));
        Event(() => Reported, e => e.CorrelateById(m => m.Message.EvaluationId));
        Event(() => CancelRequested, e => e.CorrelateById(m => m.Message.EvaluationId));
        Event(() => BatchFaulted, e => e.CorrelateById(m => m.Message.Message.EvaluationId));
        Event(() => ReportFaulted, e => e.CorrelateById(m => m.Message.Message.EvaluationId));

        Initially(
            When(Submitted)
                .Then(context => EvaluationProgress.Start(context.Saga, context.Message))
                .TransitionTo(Running)
                .ThenAsync(context => SendPendingBatchesAsync(context, context.Saga)));

        During(Running,
            When(Submitted)
                .ThenAsync(context => SendPendingBatchesAsync(context, context.Saga)),
            When(BatchDone)
                .Then(context => EvaluationProgress.Record(context.Saga, context.Message))
                .If(context => context.Saga.AllBatchesDone, done => done
                    .TransitionTo(Reporting)
                    .ThenAsync(context => SendReportAsync(context, context.Saga))),
            When(BatchFaulted)
                .Then(context => EvaluationProgress.Fail(context.Saga, $"batch {context.Message.Message.BatchIndex} failed: {Faults.Describe(context.Message)}"))
                .TransitionTo(Failed),
            When(CancelRequested)
                .Then(context => EvaluationProgress.Finish(context.Saga))
                .TransitionTo(Cancelled));

        During(Reporting,
            When(BatchDone)
                .ThenAsync(context => SendReportAsync(context, context.Saga)),
            When(Reported)
                .Then(context => EvaluationProgress.Complete(context.Saga, context.Message))
                .TransitionTo(Completed),
            When(ReportFaulted)
                .Then(context => EvaluationProgress.Fail(context.Saga, $"the report failed: {Faults.Describe(context.Message)}"))
                .TransitionTo(Failed),
            When(CancelRequested)
                .Then(context => EvaluationProgress.Finish(context.Saga))
                .TransitionTo(Cancelled));

        During(Completed, Failed, Cancelled,
            Ignore(Submitted), Ignore(BatchDone), Ignore(Reported), Ignore(CancelRequested), Ignore(BatchFaulted), Ignore(ReportFaulted));
        During(Running, Ignore(Reported), Ignore(ReportFaulted));
        During(Reporting, Ignore(Submitted), Ignore(BatchFaulted));

        // Whoever started the job (a LAB cycle) hears how it ended.
        WhenEnter(Completed, ended => ended.Publish(context => Ended(context.Saga.CorrelationId, JobOutcome.Completed, null)));
        WhenEnter(Failed, ended => ended.Publish(context => Ended(context.Saga.CorrelationId, JobOutcome.Failed, context.Saga.Error)));
        WhenEnter(Cancelled, ended => ended.Publish(context => Ended(context.Saga.CorrelationId, JobOutcome.Cancelled, null)));
    }

    public State Running { get; private set; } = null!;

    public State Reporting { get; private set; } = null!;

    public State Completed { get; private set; } = null!;

    public State Failed { get; private set; } = null!;

    public State Cancelled { get; private set; } = null!;

    public Event<EvaluationSubmitted> Submitted { get; private set; } = null!;

    public Event<EvaluationBatchDone> BatchDone { get; private set; } = null!;

    public Event<EvaluationReported> Reported { get; private set; } = null!;

    public Event<CancelEvaluation> CancelRequested { get; private set; } = null!;

    public Event<Fault<EvaluateBatch>> BatchFaulted { get; private set; } = null!;

    public Event<Fault<WriteEvaluationReport>> ReportFaulted { get; private set; } = null!;

    /// <summary>One <see cref="EvaluateBatch"/> for every batch not counted yet.</summary>
    private static async Task SendPendingBatchesAsync(ConsumeContext context, EvaluationState evaluation)
    {
        var endpoint = await context.GetSendEndpoint(BatchQueue);
        var pending = Enumerable.Range(0, evaluation.Batches).Where(b => !evaluation.DoneBatches.Contains(b))
            .Select(b => new EvaluateBatch { EvaluationId = evaluation.CorrelationId, PlanKey = evaluation.PlanKey, BatchIndex = b });
        await endpoint.SendBatch(pending, context.CancellationToken);
    }

    private static async Task SendReportAsync(ConsumeContext context, EvaluationState evaluation)
    {
        var endpoint = await context.GetSendEndpoint(ReportQueue);
        await endpoint.Send(new WriteEvaluationReport { EvaluationId = evaluation.CorrelationId, PlanKey = evaluation.PlanKey }, context.CancellationToken);
    }

    private static JobEnded Ended(Guid id, JobOutcome outcome, string? error) =>
        new() { JobId = id, Service = ResourceNames.Judging, Outcome = outcome, Error = error };
}
