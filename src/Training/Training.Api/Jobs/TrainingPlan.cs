namespace InstructLab.Aspire.Training.Api.Jobs;

/// <summary>
/// A job as checked at submit, stored at <c>training/&lt;job&gt;/plan.json</c>: what every segment of its work
/// rebuilds the engine's request from, on whichever worker takes it.
/// </summary>
public sealed record TrainingPlan
{
    public required Guid JobId { get; init; }

    public required string Name { get; init; }

    public required ModelSource BaseModel { get; init; }

    /// <summary>Phase 1's data (an artifact key), when the strategy has that phase.</summary>
    public string? KnowledgeKey { get; init; }

    /// <summary>Phase 2's data (an artifact key), when the strategy has that phase.</summary>
    public string? SkillsKey { get; init; }

    public required TrainingStrategy Strategy { get; init; }

    public required PhaseSettings Knowledge { get; init; }

    public required PhaseSettings Skills { get; init; }

    public LoraSettings? Lora { get; init; }

    /// <summary>F32, F16, BF16, Q8_0 or Q4_0; null: by model size.</summary>
    public string? ExportType { get; init; }

    public required int Seed { get; init; }

    public int? MaxSequenceLength { get; init; }

    public bool SkipBadLines { get; init; }

    /// <summary>Share of the last phase's data held out to choose the published epoch.</summary>
    public double HeldOutFraction { get; init; }

    public string? ChatTemplate { get; init; }

    /// <summary>
    /// The last phase's epoch-end checkpoints are exported and scored through the evaluation service before the best
    /// is published (how: <see cref="TrainingKeys.Evaluation"/> in Redis).
    /// </summary>
    public bool ScoreCandidates { get; init; }

    /// <summary>The last this many epoch ends are the candidates.</summary>
    public int MaxCandidates { get; init; } = 5;

    public required string OutputModelId { get; init; }

    public required int ModelVersion { get; init; }

    public required DateTimeOffset SubmittedAt { get; init; }

    /// <summary>Where the model comes from, for its card (set by a LAB cycle): cycle, base version, datasets, replayed lines.</summary>
    public IReadOnlyDictionary<string, string>? Lineage { get; init; }
}
