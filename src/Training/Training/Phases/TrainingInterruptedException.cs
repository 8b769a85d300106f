namespace InstructLab.Aspire.Training.Phases;

/// <summary>The run was cancelled at a step boundary; the checkpoint written then resumes it.</summary>
public sealed class TrainingInterruptedException(string checkpoint)
    : OperationCanceledException($"Training stopped; checkpoint {checkpoint}. Run the same command again to resume.")
{
    public string Checkpoint { get; } = checkpoint;
}
