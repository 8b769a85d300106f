namespace InstructLab.Aspire.Generation.Jobs;

/// <summary>One leaf of a plan: what the taxonomy service said of it, its pipeline, and how its rows are batched.</summary>
public sealed record PlanLeaf
{
    public required int Index { get; init; }

    /// <summary>The leaf's folder, e.g. <c>knowledge/science/astronomy/constellations</c>.</summary>
    public required string Name { get; init; }

    public required string Path { get; init; }

    /// <summary>See <see cref="Pipelines.LeafKinds"/>.</summary>
    public required string Kind { get; init; }

    public required string Pipeline { get; init; }

    public string TaskDescription { get; init; } = "";

    public string Domain { get; init; } = "";

    public string DocumentOutline { get; init; } = "";

    public required IReadOnlyList<PlanSeedExample> SeedExamples { get; init; }

    public IReadOnlyList<PlanChunk> Chunks { get; init; } = [];

    /// <summary>Input rows (chunks for knowledge, seed examples for skills), after the job's row limit.</summary>
    public required int Rows { get; init; }

    public required int Batches { get; init; }
}
