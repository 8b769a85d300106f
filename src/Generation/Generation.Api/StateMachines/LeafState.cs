using InstructLab.Aspire.Contracts.Messages.Generation;

namespace InstructLab.Aspire.Generation.Api.StateMachines;

/// <summary>One leaf of a job: its size and what its finished batches made.</summary>
public sealed class LeafState
{
    public int Index { get; set; }

    public string Name { get; set; } = "";

    public string Kind { get; set; } = "";

    public string Pipeline { get; set; } = "";

    public int Rows { get; set; }

    public int Batches { get; set; }

    public int BatchesDone { get; set; }

    public int RowsDone { get; set; }

    /// <summary>Attempts at this leaf's batches that failed, and those of them stopped at the time limit.</summary>
    public int FailedAttempts { get; set; }

    public int TimedOutAttempts { get; set; }

    public GenerationStatistics Statistics { get; set; } = new();
}
