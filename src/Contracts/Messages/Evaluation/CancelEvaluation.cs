namespace InstructLab.Aspire.Contracts.Messages.Evaluation;

/// <summary>Stop an evaluation: batches not yet run are skipped, no report is written.</summary>
public sealed record CancelEvaluation
{
    /// <summary>The evaluation (the correlation id of its state machine).</summary>
    public required Guid EvaluationId { get; init; }

    /// <summary>When the cancel was asked for.</summary>
    public required DateTimeOffset RequestedAt { get; init; }
}
