namespace InstructLab.Aspire.Contracts.Messages.Generation;

/// <summary>One leaf of a job's plan: its pipeline and how many rows and batches it has.</summary>
public sealed record PlannedLeaf
{
    /// <summary>Position in the plan; batches name their leaf by it.</summary>
    public required int Index { get; init; }

    /// <summary>The leaf's folder, e.g. <c>compositional_skills/linguistics/synonyms</c>.</summary>
    public required string Name { get; init; }

    /// <summary>knowledge, freeform_skill, grounded_skill or foundational_skill.</summary>
    public required string Kind { get; init; }

    /// <summary>The pipeline the leaf's rows run through.</summary>
    public required string Pipeline { get; init; }

    /// <summary>Input rows (document chunks or seed examples).</summary>
    public required int Rows { get; init; }

    /// <summary>Batches the rows are cut into.</summary>
    public required int Batches { get; init; }
}
