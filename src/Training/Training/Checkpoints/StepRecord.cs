namespace InstructLab.Aspire.Training.Checkpoints;

/// <summary>One optimizer step as the report draws it.</summary>
public sealed record StepRecord(long Step, int Epoch, double Loss, double LearningRate, double GradientNorm, double TokensPerSecond);
