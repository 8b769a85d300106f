namespace InstructLab.Aspire.Contracts.Messages.Generation;

/// <summary>Rows into and out of one pipeline block, and answers it could not read.</summary>
public sealed record StageStatistics
{
    /// <summary>The job's name, as submitted.</summary>
    public required string Name { get; init; }

    /// <summary>The block type, e.g. <c>llm</c> or <c>filter</c>.</summary>
    public required string Type { get; init; }

    /// <summary>Rows the block received.</summary>
    public long RowsIn { get; init; }

    /// <summary>Rows the block passed on.</summary>
    public long RowsOut { get; init; }

    /// <summary>Answers the block could not read (their rows are dropped).</summary>
    public long Unparsed { get; init; }

    /// <summary>Rows the teacher refused (prompt and completion longer than its context); dropped.</summary>
    public long Refused { get; init; }

    /// <summary>The sum of two counts of the same stage.</summary>
    public StageStatistics Add(StageStatistics other) =>
        this with { RowsIn = RowsIn + other.RowsIn, RowsOut = RowsOut + other.RowsOut, Unparsed = Unparsed + other.Unparsed, Refused = Refused + other.Refused };
}
