namespace InstructLab.Aspire.Contracts.Messages.Generation;

/// <summary>Every batch of the job is done: deduplicate each leaf and mix the training files. The batches' keys follow from the plan. Idempotent.</summary>
public sealed record MixDataset
{
    /// <summary>The job (the correlation id of its state machine).</summary>
    public required Guid JobId { get; init; }

    /// <summary>Key of the job's plan in the artifact store.</summary>
    public required string PlanKey { get; init; }
}
