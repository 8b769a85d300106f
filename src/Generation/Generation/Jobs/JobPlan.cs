using InstructLab.Aspire.Generation.Pipelines;

namespace InstructLab.Aspire.Generation.Jobs;

/// <summary>
/// Everything a job's workers need, written once at submit to the artifact store: the leaves with their seed
/// examples and chunks, the pipeline files, the settings. Secrets are not in it (see <see cref="JobSecrets"/>).
/// </summary>
public sealed record JobPlan
{
    public required Guid JobId { get; init; }

    public required string Name { get; init; }

    public required long Seed { get; init; }

    public required int SamplesPerSeed { get; init; }

    public required int BatchSize { get; init; }

    public required string SystemPrompt { get; init; }

    public required int Distractors { get; init; }

    public required PlanEndpoint Teacher { get; init; }

    /// <summary>Null: the judging service's own judge.</summary>
    public PlanEndpoint? Judge { get; init; }

    public required IReadOnlyList<PipelineSource> Pipelines { get; init; }

    public required IReadOnlyList<PlanLeaf> Leaves { get; init; }

    /// <summary>A previous dataset's phase-2 file to replay, and how many of its lines per new line.</summary>
    public string? ReplayDataset { get; init; }

    public double ReplayRatio { get; init; }

    /// <summary>MMLU-branch questions the teacher writes per knowledge chunk (0: none), judged for answerability.</summary>
    public int MmluBranchPerChunk { get; init; }

    /// <summary>Where the taxonomy came from, for the data card.</summary>
    public required string TaxonomySource { get; init; }

    public required string TaxonomyBase { get; init; }

    public required DateTimeOffset SubmittedAt { get; init; }

    public PlanLeaf Leaf(int index) => Leaves[index];
}
