namespace InstructLab.Aspire.Contracts.Messages.Training;

/// <summary>A worker took up a segment of a job (it holds the job's lease while it runs).</summary>
public sealed record TrainingSegmentStarted
{
    /// <summary>The training job (the correlation id of its state machine).</summary>
    public required Guid JobId { get; init; }

    /// <summary>The segment of the work (0 for the first).</summary>
    public required int Segment { get; init; }

    /// <summary>The worker instance (service and instance id).</summary>
    public required string Worker { get; init; }
}
