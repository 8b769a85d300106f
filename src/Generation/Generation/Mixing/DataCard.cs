using InstructLab.Aspire.Contracts.Messages.Generation;

namespace InstructLab.Aspire.Generation.Mixing;

/// <summary>What a generated dataset is made of and how: settings, pipelines, and per leaf what each stage kept.</summary>
public sealed record DataCard
{
    public required string JobId { get; init; }

    public required string Name { get; init; }

    public required DateTimeOffset SubmittedAt { get; init; }

    public required long Seed { get; init; }

    public required int SamplesPerSeed { get; init; }

    public required int BatchSize { get; init; }

    public required string Taxonomy { get; init; }

    public required string TaxonomyBase { get; init; }

    public required string TeacherUrl { get; init; }

    public required string TeacherModel { get; init; }

    /// <summary>Empty: the judging service's configured judge.</summary>
    public required string JudgeUrl { get; init; }

    public required string JudgeModel { get; init; }

    public required string SystemPrompt { get; init; }

    public required int Distractors { get; init; }

    public string? ReplayDataset { get; init; }

    public double ReplayRatio { get; init; }

    public required IReadOnlyList<DataCardPipeline> Pipelines { get; init; }

    public required IReadOnlyList<DataCardLeaf> Leaves { get; init; }

    public required GenerationStatistics Totals { get; init; }

    public required long KnowledgeLines { get; init; }

    public required long SkillsLines { get; init; }

    public required long ReplayLines { get; init; }

    public required string KnowledgeKey { get; init; }

    public required string SkillsKey { get; init; }

    /// <summary>The knowledge leaves' MMLU-branch questions; empty when none were asked for.</summary>
    public string MmluBranchKey { get; init; } = "";

    public long MmluBranchLines { get; init; }
}

/// <summary>A pipeline file the job used.</summary>
public sealed record DataCardPipeline(string Name, string File, string Sha256, string Description);

/// <summary>One leaf's counts: rows in, every stage's rows in and out, duplicates removed, lines written.</summary>
public sealed record DataCardLeaf
{
    public required string Leaf { get; init; }

    public required string Kind { get; init; }

    public required string Pipeline { get; init; }

    public required int Rows { get; init; }

    public required int Batches { get; init; }

    public required GenerationStatistics Statistics { get; init; }

    public required int ExactDuplicates { get; init; }

    public required int NearDuplicates { get; init; }

    /// <summary>Samples after deduplication.</summary>
    public required int Samples { get; init; }

    public required string RawKey { get; init; }

    /// <summary>MMLU-branch questions kept for the leaf (knowledge leaves).</summary>
    public int MmluBranchQuestions { get; init; }
}
