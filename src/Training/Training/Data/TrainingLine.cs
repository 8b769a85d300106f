namespace InstructLab.Aspire.Training.Data;

/// <summary>A line of InstructLab's training format: <c>{id, messages, metadata, unmask}</c>, with where it was read.</summary>
public sealed record TrainingLine
{
    public required string Id { get; init; }

    public required IReadOnlyList<TrainingMessage> Messages { get; init; }

    /// <summary>Train on every turn but system ones, not just the assistant's.</summary>
    public bool Unmask { get; init; }

    public required string File { get; init; }

    public required int Line { get; init; }

    public string Where => $"{File}:{Line}";
}
