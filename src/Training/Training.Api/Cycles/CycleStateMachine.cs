using InstructLab.Aspire.Contracts.Messages;
using InstructLab.Aspire.Contracts.Messages.Cycles;
using InstructLab.Aspire.Contracts.Messages.Evaluation;
using InstructLab.Aspire.Contracts.Messages.Generation;
using InstructLab.Aspire.Contracts.Messages.Training;
using InstructLab.Aspire.Hosting.Sagas;
using MassTransit;

namespace InstructLab.Aspire.Training.Api.Cycles;

/// <summary>
/// A LAB cycle from submit to report: generate (the job Run submitted), train, evaluate, report. Each stage is started
/// by a <see cref="RunCycleStage"/> work item and ends when its jobs' <see cref="JobEnded"/> arrive (as
/// <see cref="CycleStageEnded"/>, in any order with the stage's start). Messages of another stage, or repeated ones,
/// change nothing; a stage's work item is idempotent (its job ids derive from the cycle's).
/// </summary>
public sealed class CycleStateMachine : MassTransitStateMachine<CycleSaga>
{
    private static readonly Uri StageQueue = new($"queue:{KebabCaseEndpointNameFormatter.Instance.Consumer<CycleStageConsumer>()}");

    public CycleStateMachine()
    {
        InstanceState(c => c.CurrentState);
        Event(() => Submitted, e => e.CorrelateById(m => m.Message.CycleId));
        Event(() => StageStarted, e => e.CorrelateById(m => m.Message.CycleId));
        Event(() => StageEnded, e => e.CorrelateById(m => m.Message.CycleId));
        Event(() => CancelRequested, e => e.CorrelateById(m => m.Message.CycleId));
        Event(() => StageFaulted, e => e.CorrelateById(m => m.Message.Message.CycleId));

        Initially(
            When(Submitted)
                .Then(context => Start(context.Saga, context.Message))
                .TransitionTo(Generating));

        During(Generating,
            When(Submitted),
            When(StageEnded, context => context.Message.Stage == CycleStage.Generate && context.Message.Outcome == JobOutcome.Completed)
                .Then(context => Next(context.Saga, CycleStage.Train))
                .TransitionTo(Training)
                .ThenAsync(context => SendStageAsync(context, context.Saga, CycleStage.Train)),
            When(StageEnded, context => context.Message.Stage == CycleStage.Generate && context.Message.Outcome != JobOutcome.Completed)
                .Then(context => Fail(context.Saga, $"generation job {context.Message.JobId} {Ending(context.Message)}"))
                .TransitionTo(Failed));

        During(Training,
            When(StageEnded, context => context.Message.Stage == CycleStage.Train && context.Message.Outcome == JobOutcome.Completed)
                .Then(context => Next(context.Saga, CycleStage.Evaluate))
                .TransitionTo(Evaluating)
                .ThenAsync(context => SendStageAsync(context, context.Saga, CycleStage.Evaluate)),
            When(StageEnded, context => context.Message.Stage == CycleStage.Train && context.Message.Outcome != JobOutcome.Completed)
                .Then(context => Fail(context.Saga, context.Message.JobId == Guid.Empty
                    ? context.Message.Error ?? "training could not start"
                    : $"training job {context.Message.JobId} {Ending(context.Message)}"))
                .TransitionTo(Failed));

        During(Evaluating,
            When(StageStarted, context => context.Message.Stage == CycleStage.Evaluate)
                .Then(context =>
                {
                    context.Saga.EvaluationIds = [.. context.Message.JobIds];
                    context.Saga.EvaluationsStarted = true;
                })
                .If(context => AllEvaluated(context.Saga), done => done
                    .Then(context => Next(context.Saga, CycleStage.Report))
                    .TransitionTo(Reporting)
                    .ThenAsync(context => SendStageAsync(context, context.Saga, CycleStage.Report))),
            When(StageEnded, context => context.Message.Stage == CycleStage.Evaluate && context.Message.Outcome == JobOutcome.Completed)
                .Then(context =>
                {
                    if (!context.Saga.EndedJobs.Contains(context.Message.JobId))
                    {
                        context.Saga.EndedJobs.Add(context.Message.JobId);
                    }
                })
                .If(context => AllEvaluated(context.Saga), done => done
                    .Then(context => Next(context.Saga, CycleStage.Report))
                    .TransitionTo(Reporting)
                    .ThenAsync(context => SendStageAsync(context, context.Saga, CycleStage.Report))),
            When(StageEnded, context => context.Message.Stage == CycleStage.Evaluate && context.Message.Outcome != JobOutcome.Completed)
                .Then(context => Fail(context.Saga, context.Message.JobId == Guid.Empty
                    ? context.Message.Error ?? "the evaluation could not start"
                    : $"evaluation {context.Message.JobId} {Ending(context.Message)}; the model was published as {context.Saga.OutputModelId} version {context.Saga.ModelVersion}"))
                .TransitionTo(Failed));

        During(Reporting,
            When(StageEnded, context => context.Message.Stage == CycleStage.Report && context.Message.Outcome == JobOutcome.Completed)
                .Then(context =>
                {
                    context.Saga.ReportKey = context.Message.ReportKey;
                    Finish(context.Saga);
                })
                .TransitionTo(Completed),
            When(StageEnded, context => context.Message.Stage == CycleStage.Report && context.Message.Outcome != JobOutcome.Completed)
                .Then(context => Fail(context.Saga, context.Message.Error ?? "the report could not be written"))
                .TransitionTo(Failed));

        // The training stage's start may be seen after its job ended: its job and version are kept whenever it comes.
        During(Generating, Training, Evaluating, Reporting,
            When(StageStarted, context => context.Message.Stage == CycleStage.Train)
                .Then(context =>
                {
                    context.Saga.TrainingJobId = context.Message.JobIds.FirstOrDefault();
                    context.Saga.ModelVersion = context.Message.ModelVersion;
                }),
            When(StageFaulted)
                .Then(context => Fail(context.Saga, $"the {context.Message.Message.Stage.ToString().ToLowerInvariant()} stage failed: {Faults.Describe(context.Message)}"))
                .TransitionTo(Failed),
            When(CancelRequested)
                .ThenAsync(CancelRunningJobsAsync)
                .Then(context => Finish(context.Saga))
                .TransitionTo(Cancelled));

        During(Training, Evaluating, Reporting, Ignore(Submitted));

        During(Completed, Failed, Cancelled,
            Ignore(Submitted), Ignore(StageStarted), Ignore(StageEnded), Ignore(CancelRequested), Ignore(StageFaulted));
    }

    public State Generating { get; private set; } = null!;

    public State Training { get; private set; } = null!;

    public State Evaluating { get; private set; } = null!;

    public State Reporting { get; private set; } = null!;

    public State Completed { get; private set; } = null!;

    public State Failed { get; private set; } = null!;

    public State Cancelled { get; private set; } = null!;

    public Event<CycleSubmitted> Submitted { get; private set; } = null!;

    public Event<CycleStageStarted> StageStarted { get; private set; } = null!;

    public Event<CycleStageEnded> StageEnded { get; private set; } = null!;

    public Event<CancelCycle> CancelRequested { get; private set; } = null!;

    public Event<Fault<RunCycleStage>> StageFaulted { get; private set; } = null!;

    private static void Start(CycleSaga cycle, CycleSubmitted submitted)
    {
        cycle.Name = submitted.Name;
        cycle.PlanKey = submitted.PlanKey;
        cycle.Taxonomy = submitted.Taxonomy;
        cycle.Base = submitted.Base;
        cycle.Student = submitted.Student;
        cycle.OutputModelId = submitted.OutputModelId;
        cycle.ReplayDataset = submitted.ReplayDataset;
        cycle.GenerationJobId = submitted.GenerationJobId;
        cycle.SubmittedAt = submitted.SubmittedAt;
        cycle.Stages = [new StageTime(Stage(CycleStage.Generate), submitted.SubmittedAt, null)];
    }

    private static bool AllEvaluated(CycleSaga cycle) => cycle.EvaluationsStarted && cycle.EvaluationIds.All(cycle.EndedJobs.Contains);

    /// <summary>Ends the running stage's clock and starts the next one's.</summary>
    private static void Next(CycleSaga cycle, CycleStage next)
    {
        EndStage(cycle);
        cycle.Stages.Add(new StageTime(Stage(next), DateTimeOffset.UtcNow, null));
        cycle.EndedJobs = [];
    }

    private static void EndStage(CycleSaga cycle)
    {
        if (cycle.Stages is [.., { EndedAt: null } running])
        {
            cycle.Stages[^1] = running with { EndedAt = DateTimeOffset.UtcNow };
        }
    }

    private static void Fail(CycleSaga cycle, string error)
    {
        Finish(cycle);
        cycle.Error = error;
    }

    private static void Finish(CycleSaga cycle)
    {
        EndStage(cycle);
        cycle.FinishedAt = DateTimeOffset.UtcNow;
    }

    private static string Ending(CycleStageEnded ended) => ended.Outcome == JobOutcome.Cancelled ? "was cancelled" : $"failed: {ended.Error}";

    public static string Stage(CycleStage stage) => stage.ToString().ToLowerInvariant();

    private static async Task SendStageAsync(ConsumeContext context, CycleSaga cycle, CycleStage stage)
    {
        var endpoint = await context.GetSendEndpoint(StageQueue);
        await endpoint.Send(new RunCycleStage { CycleId = cycle.CorrelationId, PlanKey = cycle.PlanKey, Stage = stage }, context.CancellationToken);
    }

    /// <summary>The running stage's jobs are cancelled; what they made so far (data, checkpoints) is kept by their services.</summary>
    private static async Task CancelRunningJobsAsync(BehaviorContext<CycleSaga, CancelCycle> context)
    {
        var cycle = context.Saga;
        var now = DateTimeOffset.UtcNow;
        switch (cycle.CurrentState)
        {
            case nameof(Generating):
                await context.Publish(new CancelGenerationJob { JobId = cycle.GenerationJobId, RequestedAt = now });
                break;
            case nameof(Training) when cycle.TrainingJobId is { } job:
                await context.Publish(new CancelTrainingJob { JobId = job, RequestedAt = now });
                break;
            case nameof(Evaluating):
                foreach (var evaluation in cycle.EvaluationIds.Except(cycle.EndedJobs))
                {
                    await context.Publish(new CancelEvaluation { EvaluationId = evaluation, RequestedAt = now });
                }
                break;
        }
    }
}
