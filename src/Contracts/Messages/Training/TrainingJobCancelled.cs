namespace InstructLab.Aspire.Contracts.Messages.Training;

/// <summary>The worker stopped a cancelled job at a step boundary and stored that checkpoint (or no worker held it).</summary>
public sealed record TrainingJobCancelled
{
    /// <summary>The training job (the correlation id of its state machine).</summary>
    public required Guid JobId { get; init; }
}
