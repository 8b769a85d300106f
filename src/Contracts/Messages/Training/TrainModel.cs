namespace InstructLab.Aspire.Contracts.Messages.Training;

/// <summary>
/// Work for a training worker: run the job's next segment (at most <c>Training:SegmentTime</c> of training, from its
/// newest checkpoint). Segments keep each message's work shorter than the broker's delivery timeout; a message whose
/// segment was run already is skipped.
/// </summary>
public sealed record TrainModel
{
    /// <summary>The training job (the correlation id of its state machine).</summary>
    public required Guid JobId { get; init; }

    /// <summary>The job's plan in the artifact store.</summary>
    public required string PlanKey { get; init; }

    /// <summary>0 for the first segment, counted by the job's state machine.</summary>
    public required int Segment { get; init; }
}
