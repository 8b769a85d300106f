namespace InstructLab.Aspire.Training;

/// <summary>LoRA instead of full fine-tuning; InstructLab's defaults: r 4, alpha 32, dropout 0.1 on q/k/v/o.</summary>
public sealed record LoraSettings
{
    public static readonly IReadOnlyList<string> AllProjections = ["q", "k", "v", "o", "gate", "up", "down"];

    public required int Rank { get; init; }

    public double Alpha { get; init; } = 32;

    public double Dropout { get; init; } = 0.1;

    public IReadOnlyList<string> Targets { get; init; } = ["q", "k", "v", "o"];

    public void Validate()
    {
        if (Rank < 1)
        {
            throw new TrainingInputException("--lora-rank: must be at least 1 (leave it out for full fine-tuning).");
        }
        if (Alpha <= 0 || Dropout is < 0 or >= 1)
        {
            throw new TrainingInputException("--lora-alpha must be positive and --lora-dropout in [0, 1).");
        }
        var unknown = Targets.FirstOrDefault(t => !AllProjections.Contains(t));
        if (Targets.Count == 0 || unknown is not null)
        {
            var problem = unknown is null ? "no projection given" : $"'{unknown}' is not a projection";
            throw new TrainingInputException($"--lora-target: {problem}; allowed are {string.Join(", ", AllProjections)}.");
        }
    }
}
