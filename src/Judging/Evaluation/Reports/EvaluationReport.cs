using InstructLab.Aspire.Evaluations.Data;

namespace InstructLab.Aspire.Evaluations.Reports;

/// <summary>An evaluation's report: everything a reader (or a training job picking a checkpoint) needs, as JSON.</summary>
public sealed record EvaluationReport
{
    public required Guid Id { get; init; }

    public required string Name { get; init; }

    public required string Benchmark { get; init; }

    /// <summary>accuracy (0–1) or rating (the judge's scale).</summary>
    public required string Metric { get; init; }

    public string Mode { get; init; } = "";

    public int FewShots { get; init; }

    public required string Model { get; init; }

    public string ModelUrl { get; init; } = "";

    public string? BaseModel { get; init; }

    public string? Judge { get; init; }

    public required IReadOnlyList<DataFileHash> Data { get; init; }

    public required DateTimeOffset SubmittedAt { get; init; }

    public required DateTimeOffset FinishedAt { get; init; }

    public double Seconds => (FinishedAt - SubmittedAt).TotalSeconds;

    public required int Items { get; init; }

    /// <summary>MMLU: the unweighted mean of the subjects' accuracies; otherwise the mean over all scores.</summary>
    public required Figure Overall { get; init; }

    public Figure? BaseOverall { get; init; }

    public required IReadOnlyList<GroupFigure> Groups { get; init; }

    /// <summary>Judged benchmarks: the figure per turn.</summary>
    public IReadOnlyList<TurnFigure> Turns { get; init; } = [];

    public required IReadOnlyList<WorstItem> Worst { get; init; }
}

/// <summary>
/// A score over some items: <see cref="Score"/> the mean (or the mean of group means), <see cref="Scored"/> the scores
/// it rests on, <see cref="Errors"/> those that could not be made or read, <see cref="Normalized"/> the accuracy
/// picking by log-likelihood per character (multiple choice).
/// </summary>
public sealed record Figure(double Score, int Scored, int Errors, double? Normalized = null)
{
    public double ErrorRate => Scored + Errors == 0 ? 0 : (double)Errors / (Scored + Errors);
}

/// <summary>A subject, category, leaf or file; with the base model's figure, the difference and a verdict on branch runs.</summary>
public sealed record GroupFigure(string Group, Figure Model, Figure? Base = null, double? Delta = null, string? Verdict = null);

public sealed record TurnFigure(int Turn, Figure Model, Figure? Base = null);

/// <summary>An item the model did worst on: the question, its answer, what was expected, the score or the error.</summary>
public sealed record WorstItem(string Id, string Group, string Question, string Answer, string Expected, double? Score, string? Error);
