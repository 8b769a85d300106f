using InstructLab.Aspire.Contracts.Messages.Evaluation;

namespace InstructLab.Aspire.Judging.Api.Evaluations;

/// <summary>How an evaluation's state changes with each event; plain functions of the state, kept apart from the machine.</summary>
internal static class EvaluationProgress
{
    public static void Start(EvaluationState evaluation, EvaluationSubmitted submitted)
    {
        evaluation.Name = submitted.Name;
        evaluation.Benchmark = submitted.Benchmark;
        evaluation.Metric = submitted.Metric;
        evaluation.PlanKey = submitted.PlanKey;
        evaluation.Items = submitted.Items;
        evaluation.Batches = submitted.Batches;
        evaluation.Model = submitted.Model;
        evaluation.ModelUrl = submitted.ModelUrl;
        evaluation.BaseModel = submitted.BaseModel;
        evaluation.JudgeModel = submitted.JudgeModel;
        evaluation.SubmittedAt = submitted.SubmittedAt;
        evaluation.BaseTally = submitted.BaseModel is "" ? null : new ScoreTally();
    }

    /// <summary>Counts a batch once, however often its result is announced.</summary>
    public static void Record(EvaluationState evaluation, EvaluationBatchDone batch)
    {
        if (!evaluation.DoneBatches.Add(batch.BatchIndex))
        {
            return;
        }
        evaluation.ItemsDone += batch.Items;
        evaluation.ModelTally = evaluation.ModelTally.Add(batch.Model);
        if (batch.Base is { } baseTally)
        {
            evaluation.BaseTally = (evaluation.BaseTally ?? new ScoreTally()).Add(baseTally);
        }
    }

    public static void Complete(EvaluationState evaluation, EvaluationReported reported)
    {
        evaluation.ReportKey = reported.ReportKey;
        evaluation.ReportMarkdownKey = reported.MarkdownKey;
        evaluation.Score = reported.Score;
        evaluation.BaseScore = reported.BaseScore;
        evaluation.ErrorRate = reported.ErrorRate;
        Finish(evaluation);
    }

    public static void Fail(EvaluationState evaluation, string error)
    {
        evaluation.Error = error;
        Finish(evaluation);
    }

    public static void Finish(EvaluationState evaluation) => evaluation.FinishedAt = DateTimeOffset.UtcNow;
}
