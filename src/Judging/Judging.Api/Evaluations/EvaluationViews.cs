using Google.Protobuf.WellKnownTypes;
using InstructLab.Aspire.Contracts.Messages.Evaluation;
using Proto = InstructLab.Aspire.Contracts.Judging.V1;


namespace InstructLab.Aspire.Judging.Api.Evaluations;

/// <summary>An evaluation's state as the gRPC API shows it.</summary>
public static class EvaluationViews
{
    public static bool HasEnded(EvaluationState evaluation) => evaluation.CurrentState is nameof(EvaluationStateMachine.Completed)
        or nameof(EvaluationStateMachine.Failed) or nameof(EvaluationStateMachine.Cancelled);

    public static Proto.Evaluation ToProto(EvaluationState evaluation, DateTimeOffset now)
    {
        var tally = evaluation.ModelTally;
        var view = new Proto.Evaluation
        {
            Id = evaluation.CorrelationId.ToString(),
            Name = evaluation.Name,
            Benchmark = evaluation.Benchmark,
            Metric = evaluation.Metric,
            State = evaluation.CurrentState switch
            {
                nameof(EvaluationStateMachine.Reporting) => Proto.EvaluationState.Reporting,
                nameof(EvaluationStateMachine.Completed) => Proto.EvaluationState.Completed,
                nameof(EvaluationStateMachine.Failed) => Proto.EvaluationState.Failed,
                nameof(EvaluationStateMachine.Cancelled) => Proto.EvaluationState.Cancelled,
                _ => Proto.EvaluationState.Running,
            },
            Model = evaluation.Model,
            ModelUrl = evaluation.ModelUrl,
            BaseModel = evaluation.BaseModel,
            JudgeModel = evaluation.JudgeModel,
            ItemsDone = evaluation.ItemsDone,
            ItemsTotal = evaluation.Items,
            Score = evaluation.Score ?? tally.Mean,
            BaseScore = evaluation.BaseScore ?? evaluation.BaseTally?.Mean ?? 0,
            Errors = tally.Errors,
            ErrorRate = evaluation.ErrorRate ?? (tally.Scored + tally.Errors == 0 ? 0 : (double)tally.Errors / (tally.Scored + tally.Errors)),
            SubmittedAt = Timestamp.FromDateTimeOffset(evaluation.SubmittedAt),
            Error = evaluation.Error ?? "",
            ReportKey = evaluation.ReportKey,
            ReportMarkdownKey = evaluation.ReportMarkdownKey,
        };
        if (evaluation.FinishedAt is { } finished)
        {
            view.FinishedAt = Timestamp.FromDateTimeOffset(finished);
        }
        if (view.State == Proto.EvaluationState.Running && evaluation.ItemsDone > 0 && evaluation.ItemsDone < evaluation.Items)
        {
            view.EtaSeconds = (now - evaluation.SubmittedAt).TotalSeconds * (evaluation.Items - evaluation.ItemsDone) / evaluation.ItemsDone;
        }
        return view;
    }

    /// <summary>An evaluation whose state machine has not seen its submit yet: running, nothing done.</summary>
    public static EvaluationState Submitted(EvaluationSubmitted submitted)
    {
        var evaluation = new EvaluationState { CorrelationId = submitted.EvaluationId, CurrentState = nameof(EvaluationStateMachine.Running) };
        EvaluationProgress.Start(evaluation, submitted);
        return evaluation;
    }
}
