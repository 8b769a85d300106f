namespace InstructLab.Aspire.Contracts.Messages.Training;

/// <summary>A training job was accepted: its plan is stored, its state machine starts it.</summary>
public sealed record TrainingJobSubmitted
{
    /// <summary>The training job (the correlation id of its state machine).</summary>
    public required Guid JobId { get; init; }

    /// <summary>Shown in lists and the model card.</summary>
    public required string Name { get; init; }

    /// <summary>The job's plan in the artifact store (<c>training/&lt;job&gt;/plan.json</c>).</summary>
    public required string PlanKey { get; init; }

    /// <summary>The base model as submitted (a URL without credentials).</summary>
    public required string BaseModel { get; init; }

    /// <summary>The id the output is published as.</summary>
    public required string OutputModelId { get; init; }

    /// <summary>The version the output will be published as.</summary>
    public required int ModelVersion { get; init; }

    /// <summary>lab-multiphase, knowledge-only or skills-only.</summary>
    public required string Strategy { get; init; }

    /// <summary>Each phase as planned from the data at submit.</summary>
    public required IReadOnlyList<TrainingPhasePlan> Phases { get; init; }

    /// <summary>Warnings of the plan (samples dropped, settings clamped to the data).</summary>
    public IReadOnlyList<string> Notices { get; init; } = [];

    /// <summary>The generation job whose dataset this job trains on, if any (set for jobs started by DatasetReady).</summary>
    public Guid? GenerationJobId { get; init; }

    /// <summary>When the job was accepted.</summary>
    public required DateTimeOffset SubmittedAt { get; init; }
}

/// <summary>A phase as planned at submit.</summary>
public sealed record TrainingPhasePlan(string Phase, int Samples, int Epochs, long TotalSteps, string DataKey, int HeldOutSamples = 0);
