namespace InstructLab.Aspire.Contracts.Messages.Training;

/// <summary>A segment's time was up: its checkpoint is stored, the job needs its next segment.</summary>
public sealed record TrainingSegmentEnded
{
    /// <summary>The training job (the correlation id of its state machine).</summary>
    public required Guid JobId { get; init; }

    /// <summary>The segment of the work (0 for the first).</summary>
    public required int Segment { get; init; }
}
