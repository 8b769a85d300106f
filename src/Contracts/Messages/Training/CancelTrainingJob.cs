namespace InstructLab.Aspire.Contracts.Messages.Training;

/// <summary>Asks a training job to stop; every training instance sees it, the one running the job stops at the next step.</summary>
public sealed record CancelTrainingJob
{
    /// <summary>The training job (the correlation id of its state machine).</summary>
    public required Guid JobId { get; init; }

    /// <summary>When the cancel was asked for.</summary>
    public required DateTimeOffset RequestedAt { get; init; }
}
