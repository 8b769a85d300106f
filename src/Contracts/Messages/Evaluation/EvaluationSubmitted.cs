namespace InstructLab.Aspire.Contracts.Messages.Evaluation;

/// <summary>
/// An evaluation was accepted: its plan and items are in the artifact store under <see cref="PlanKey"/>; its state
/// machine sends one <see cref="EvaluateBatch"/> per batch.
/// </summary>
public sealed record EvaluationSubmitted
{
    /// <summary>The evaluation (the correlation id of its state machine).</summary>
    public required Guid EvaluationId { get; init; }

    /// <summary>The evaluation's name, for lists and reports.</summary>
    public required string Name { get; init; }

    /// <summary>mmlu, mmlu_branch, mt_bench, mt_bench_branch, dk_bench or mc.</summary>
    public required string Benchmark { get; init; }

    /// <summary>accuracy or rating.</summary>
    public required string Metric { get; init; }

    /// <summary>Key of the evaluation's plan in the artifact store.</summary>
    public required string PlanKey { get; init; }

    /// <summary>Items to evaluate.</summary>
    public required int Items { get; init; }

    /// <summary>Work items the items are split into.</summary>
    public required int Batches { get; init; }

    /// <summary>The model under test's id.</summary>
    public required string Model { get; init; }

    /// <summary>The model's endpoint without credentials; empty for the suite's serving.</summary>
    public required string ModelUrl { get; init; }

    /// <summary>The base model's id for branch benchmarks; empty otherwise.</summary>
    public string BaseModel { get; init; } = "";

    /// <summary>The judge's model id for judged benchmarks; empty otherwise.</summary>
    public string JudgeModel { get; init; } = "";

    /// <summary>When the evaluation was accepted.</summary>
    public required DateTimeOffset SubmittedAt { get; init; }
}
