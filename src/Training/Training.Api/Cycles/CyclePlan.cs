namespace InstructLab.Aspire.Training.Api.Cycles;

/// <summary>
/// A cycle as accepted, stored at <c>cycles/&lt;id&gt;/plan.json</c>: the request without API keys and git credentials
/// (the stages read it whole from Redis, <see cref="CycleSecrets"/>) and what Run resolved.
/// </summary>
public sealed record CyclePlan
{
    public required Guid CycleId { get; init; }

    public required string Name { get; init; }

    /// <summary>The RunCycleRequest as protobuf JSON, API keys blanked and git credentials redacted: for the record.</summary>
    public required string RequestJson { get; init; }

    /// <summary>The taxonomy as lists show it (path, or git URL@ref without credentials).</summary>
    public required string Taxonomy { get; init; }

    public required string Base { get; init; }

    /// <summary>What the training job's base_model is: the student, or the output id once it has a published version.</summary>
    public required string TrainFrom { get; init; }

    /// <summary>How lists and cards name <see cref="TrainFrom"/> ("my-student (version 1)").</summary>
    public required string TrainFromLabel { get; init; }

    public required string OutputModelId { get; init; }

    public required Guid GenerationJobId { get; init; }

    /// <summary>The earlier cycle's phase-2 file replayed into this one's data; null: none.</summary>
    public string? ReplayDataset { get; init; }

    public required long Seed { get; init; }

    public required DateTimeOffset SubmittedAt { get; init; }
}
