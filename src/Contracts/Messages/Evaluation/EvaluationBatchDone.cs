namespace InstructLab.Aspire.Contracts.Messages.Evaluation;

/// <summary>A batch's results are in the artifact store. May arrive more than once for one batch; counted once.</summary>
public sealed record EvaluationBatchDone
{
    /// <summary>The evaluation (the correlation id of its state machine).</summary>
    public required Guid EvaluationId { get; init; }

    /// <summary>The batch's position.</summary>
    public required int BatchIndex { get; init; }

    /// <summary>Items the batch held.</summary>
    public required int Items { get; init; }

    /// <summary>Key of the batch's results (a JSON array, one result per item).</summary>
    public required string ResultKey { get; init; }

    /// <summary>The model's scores in the batch, to show a running score.</summary>
    public required ScoreTally Model { get; init; }

    /// <summary>The base model's, for branch benchmarks.</summary>
    public ScoreTally? Base { get; init; }
}
