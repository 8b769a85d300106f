namespace InstructLab.Aspire.Contracts.Messages.Generation;

/// <summary>A batch's rows are in the artifact store. May arrive more than once for one batch; counted once.</summary>
public sealed record BatchGenerated
{
    /// <summary>The job (the correlation id of its state machine).</summary>
    public required Guid JobId { get; init; }

    /// <summary>The leaf's position in the plan.</summary>
    public required int LeafIndex { get; init; }

    /// <summary>The batch's position among its leaf's batches.</summary>
    public required int BatchIndex { get; init; }

    /// <summary>Input rows the batch covered.</summary>
    public required int Rows { get; init; }

    /// <summary>The batch's kept rows (JSON lines).</summary>
    public required string ResultKey { get; init; }

    /// <summary>The batch's counters.</summary>
    public required GenerationStatistics Statistics { get; init; }
}
