using InstructLab.Aspire.Contracts.Messages.Evaluation;
using MassTransit;

namespace InstructLab.Aspire.Judging.Api.Evaluations;

/// <summary>An evaluation as its state machine keeps it in Redis: where it stands, which batches are done, the running tallies.</summary>
public sealed class EvaluationState : SagaStateMachineInstance, ISagaVersion
{
    public Guid CorrelationId { get; set; }

    public int Version { get; set; }

    public string CurrentState { get; set; } = "";

    public string Name { get; set; } = "";

    public string Benchmark { get; set; } = "";

    public string Metric { get; set; } = "";

    public string PlanKey { get; set; } = "";

    public int Items { get; set; }

    public int Batches { get; set; }

    public int ItemsDone { get; set; }

    public string Model { get; set; } = "";

    public string ModelUrl { get; set; } = "";

    public string BaseModel { get; set; } = "";

    public string JudgeModel { get; set; } = "";

    public DateTimeOffset SubmittedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public string? Error { get; set; }

    /// <summary>Every batch counted, so a redelivered <see cref="EvaluationBatchDone"/> counts once.</summary>
    public HashSet<int> DoneBatches { get; set; } = [];

    public ScoreTally ModelTally { get; set; } = new();

    public ScoreTally? BaseTally { get; set; }

    public string ReportKey { get; set; } = "";

    public string ReportMarkdownKey { get; set; } = "";

    /// <summary>The report's headline figures once written (MMLU's differ from the running tally: a mean of subject means).</summary>
    public double? Score { get; set; }

    public double? BaseScore { get; set; }

    public double? ErrorRate { get; set; }

    public bool AllBatchesDone => DoneBatches.Count == Batches;
}
