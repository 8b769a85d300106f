namespace InstructLab.Aspire.Contracts.Messages.Evaluation;

/// <summary>Every batch is done: aggregate the results into the report (JSON and Markdown). Idempotent.</summary>
public sealed record WriteEvaluationReport
{
    /// <summary>The evaluation (the correlation id of its state machine).</summary>
    public required Guid EvaluationId { get; init; }

    /// <summary>Key of the evaluation's plan in the artifact store.</summary>
    public required string PlanKey { get; init; }
}
