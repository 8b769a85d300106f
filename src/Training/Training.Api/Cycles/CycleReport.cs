namespace InstructLab.Aspire.Training.Api.Cycles;

/// <summary>What a cycle did and what the model learned, per changed leaf: <c>cycles/&lt;id&gt;/report.json</c> (and .md).</summary>
public sealed record CycleReport
{
    public required Guid Id { get; init; }

    public required string Name { get; init; }

    public required string Taxonomy { get; init; }

    public required string Base { get; init; }

    /// <summary>The model the cycle trained ("id (version N)", artifact:KEY, path or URL).</summary>
    public required string TrainedFrom { get; init; }

    public required string Model { get; init; }

    public required int Version { get; init; }

    public required Guid GenerationJobId { get; init; }

    public required Guid TrainingJobId { get; init; }

    public required CycleData Data { get; init; }

    /// <summary>The training job's epoch-end checkpoints of its last phase as scored (held-out data, the evaluation service); null when none was.</summary>
    public CycleCheckpoints? Checkpoints { get; init; }

    /// <summary>Wall time of each stage that has ended, in seconds.</summary>
    public required IReadOnlyList<CycleStageSeconds> Stages { get; init; }

    /// <summary>Every changed leaf, with its before/after figures where an evaluation asked about it.</summary>
    public required IReadOnlyList<CycleLeaf> Leaves { get; init; }

    public required IReadOnlyList<CycleEvaluation> Evaluations { get; init; }
}

public sealed record CycleData(long KnowledgeLines, long SkillsLines, long ReplayLines, string? ReplayDataset, string KnowledgeKey, string SkillsKey);

/// <summary>Each candidate epoch's scores, the epoch published, and what decided (as the model card says it).</summary>
public sealed record CycleCheckpoints(string Phase, string Metric, int HeldOutSamples, int ChosenEpoch, IReadOnlyList<CycleCheckpoint> Candidates);

/// <summary>A candidate's held-out answer-token loss, MT-Bench-branch rating and MMLU-branch accuracy, each when it was scored so.</summary>
public sealed record CycleCheckpoint(int Epoch, long Step, double? HeldOutLoss, double? MtBenchBranch, double? MmluBranch);

public sealed record CycleStageSeconds(string Stage, double Seconds);

/// <summary>A changed leaf; <see cref="Verdict"/> improved, regressed, unchanged or new (no base figure), null when not evaluated.</summary>
public sealed record CycleLeaf(string Leaf, string Kind, string? Benchmark, double? BaseScore, double? ModelScore, double? Delta, string? Verdict);

public sealed record CycleEvaluation(Guid Id, string Benchmark, string Metric, double Score, double? BaseScore, string ReportKey);
