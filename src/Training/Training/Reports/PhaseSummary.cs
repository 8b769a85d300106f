using InstructLab.Aspire.Training.Checkpoints;

namespace InstructLab.Aspire.Training.Reports;

/// <summary>A phase as the model card and report tell it.</summary>
public sealed record PhaseSummary
{
    public required string Phase { get; init; }

    public required string DataFile { get; init; }

    public required string DataSha256 { get; init; }

    public required int Lines { get; init; }

    public required int BadLines { get; init; }

    public required int Samples { get; init; }

    public required IReadOnlyDictionary<string, int> Dropped { get; init; }

    public required PhaseSettings Settings { get; init; }

    public required IReadOnlyList<string> Warnings { get; init; }

    public required long Steps { get; init; }

    public required long SamplesSeen { get; init; }

    public required long TokensSeen { get; init; }

    public required double FirstLoss { get; init; }

    public required double FinalLoss { get; init; }

    public required double Seconds { get; init; }

    public required IReadOnlyList<StepRecord> History { get; init; }
}
