namespace InstructLab.Aspire.Contracts.Messages.Evaluation;

/// <summary>
/// Evaluate the items of one batch. Idempotent: the results go to a key derived from the evaluation and the batch,
/// and a batch whose results are there already is announced again without a model call.
/// </summary>
public sealed record EvaluateBatch
{
    /// <summary>The evaluation (the correlation id of its state machine).</summary>
    public required Guid EvaluationId { get; init; }

    /// <summary>Key of the evaluation's plan in the artifact store.</summary>
    public required string PlanKey { get; init; }

    /// <summary>The batch's position: items from index × batch size on.</summary>
    public required int BatchIndex { get; init; }
}
