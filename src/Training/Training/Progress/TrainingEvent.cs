using InstructLab.Aspire.Training.Phases;

namespace InstructLab.Aspire.Training.Progress;

/// <summary>What a training run reports while it runs (to the CLI's progress display, the service's WatchJob).</summary>
public abstract record TrainingEvent;

/// <summary>A message for the user; warnings say where the run deviates from what was asked.</summary>
public sealed record TrainingNotice(string Message, bool Warning = false) : TrainingEvent;

public sealed record PhaseStarted(PhasePlan Plan, long ResumedAtStep) : TrainingEvent;

public sealed record StepCompleted(string Phase, int Epoch, int Epochs, long Step, long TotalSteps, double Loss, double LearningRate, double TokensPerSecond, TimeSpan Eta)
    : TrainingEvent;

public sealed record CheckpointSaved(string Phase, long Step, string Path, bool EpochEnd) : TrainingEvent;

public sealed record PhaseCompleted(string Phase, long Steps, double FinalLoss) : TrainingEvent;

/// <summary>An epoch-end checkpoint of the last phase scored on the held-out samples (before the best is exported).</summary>
public sealed record EpochScored(string Phase, int Epoch, long Step, double HeldOutLoss, bool Chosen) : TrainingEvent;
