using InstructLab.Aspire.Evaluations.Data;

namespace InstructLab.Aspire.Evaluations;

/// <summary>
/// An evaluation as the artifact store keeps it: what to run, on which models, with which data (hashes), and where
/// its items are. No API key: those stay in Redis for the evaluation's life.
/// </summary>
public sealed record EvaluationPlan
{
    public required Guid Id { get; init; }

    public required string Name { get; init; }

    public required string Benchmark { get; init; }

    public string Mode { get; init; } = "";

    public int FewShots { get; init; }

    public required PlanModel Model { get; init; }

    public PlanModel? BaseModel { get; init; }

    public PlanModel? Judge { get; init; }

    public required int BatchSize { get; init; }

    public long Seed { get; init; }

    public int MaxAnswerTokens { get; init; } = 1024;

    public int WorstItems { get; init; } = 10;

    public required IReadOnlyList<DataFileHash> Data { get; init; }

    public required int Items { get; init; }

    public required string ItemsKey { get; init; }

    public required DateTimeOffset SubmittedAt { get; init; }

    public string Metric => Benchmarks.MetricOf(Benchmark);

    public int Batches => (Items + BatchSize - 1) / BatchSize;

    /// <summary>The items of batch <paramref name="index"/> among all of them.</summary>
    public Range Batch(int index) => new(index * BatchSize, Math.Min(Items, (index + 1) * BatchSize));
}

/// <summary>A model or judge as a plan holds it: URL without credentials (empty: the suite's serving) and model id.</summary>
public sealed record PlanModel
{
    public string Url { get; init; } = "";

    public required string Model { get; init; }

    public int MaxConcurrency { get; init; }

    /// <summary>auto, always or never.</summary>
    public string StructuredOutput { get; init; } = "auto";
}
