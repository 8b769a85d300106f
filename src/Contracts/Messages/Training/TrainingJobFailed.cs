namespace InstructLab.Aspire.Contracts.Messages.Training;

/// <summary>A worker found the job cannot run (bad input it could only see when training, such as memory); not retried.</summary>
public sealed record TrainingJobFailed
{
    /// <summary>The training job (the correlation id of its state machine).</summary>
    public required Guid JobId { get; init; }

    /// <summary>Why, naming the field or file.</summary>
    public required string Error { get; init; }
}
