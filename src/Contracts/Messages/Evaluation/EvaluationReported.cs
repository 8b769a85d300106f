namespace InstructLab.Aspire.Contracts.Messages.Evaluation;

/// <summary>An evaluation's report is written; the evaluation has completed.</summary>
public sealed record EvaluationReported
{
    /// <summary>The evaluation (the correlation id of its state machine).</summary>
    public required Guid EvaluationId { get; init; }

    /// <summary>Key of the report as JSON.</summary>
    public required string ReportKey { get; init; }

    /// <summary>Key of the report as Markdown.</summary>
    public required string MarkdownKey { get; init; }

    /// <summary>The benchmark's main figure: accuracy, or the mean rating.</summary>
    public required double Score { get; init; }

    /// <summary>The base model's figure for branch benchmarks.</summary>
    public double? BaseScore { get; init; }

    /// <summary>Scorings or ratings that could not be made or read, over all.</summary>
    public required double ErrorRate { get; init; }
}
