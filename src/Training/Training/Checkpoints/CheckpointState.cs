namespace InstructLab.Aspire.Training.Checkpoints;

/// <summary>Where a phase stands: the next step to take (epoch, step within it), what was seen, the curves so far.</summary>
public sealed record CheckpointState
{
    public required string Phase { get; init; }

    /// <summary>The epoch the next step belongs to (0-based); equals the phase's epochs when it is complete.</summary>
    public required int Epoch { get; init; }

    /// <summary>The next step's index within <see cref="Epoch"/>.</summary>
    public required int StepInEpoch { get; init; }

    /// <summary>Optimizer steps taken in this phase.</summary>
    public required long Step { get; init; }

    public required long SamplesSeen { get; init; }

    public required long TokensSeen { get; init; }

    public required bool EpochEnd { get; init; }

    public required bool PhaseComplete { get; init; }

    /// <summary>Training time of this phase so far, across interruptions.</summary>
    public required double Seconds { get; init; }

    public required List<StepRecord> History { get; init; }

    public static CheckpointState Start(string phase) => new()
    {
        Phase = phase, Epoch = 0, StepInEpoch = 0, Step = 0, SamplesSeen = 0, TokensSeen = 0, EpochEnd = false, PhaseComplete = false, Seconds = 0, History = [],
    };
}
