namespace InstructLab.Aspire.Training;

/// <summary>One phase's hyperparameters, as asked for (the phase plan clamps them to the data, in the open).</summary>
public sealed record PhaseSettings
{
    public required int Epochs { get; init; }

    public required double LearningRate { get; init; }

    /// <summary>Samples an optimizer step sees (gradient accumulation over micro-batches).</summary>
    public required int EffectiveBatchSize { get; init; }

    public int WarmupSteps { get; init; } = 25;

    /// <summary>Padded tokens a micro-batch may hold.</summary>
    public int MaxBatchTokens { get; init; } = 5000;

    /// <summary>Also checkpoint every this many samples (0: at epoch ends only).</summary>
    public int SaveSamples { get; init; }

    public double WeightDecay { get; init; }

    /// <summary>InstructLab's phase 1 (knowledge): 7 epochs, lr 2e-5, effective batch 128.</summary>
    public static PhaseSettings KnowledgeDefaults { get; } = new() { Epochs = 7, LearningRate = 2e-5, EffectiveBatchSize = 128 };

    /// <summary>InstructLab's phase 2 (skills): 10 epochs, lr 6e-6, effective batch 3840.</summary>
    public static PhaseSettings SkillsDefaults { get; } = new() { Epochs = 10, LearningRate = 6e-6, EffectiveBatchSize = 3840 };

    /// <summary>Throws naming the option of <paramref name="phase"/> (e.g. --knowledge-epochs, or the bare --epochs) that is out of range.</summary>
    public void Validate(string phase)
    {
        Check(Epochs >= 1, "epochs", "at least 1");
        Check(LearningRate > 0 && double.IsFinite(LearningRate), "learning-rate", "a positive number");
        Check(EffectiveBatchSize >= 1, "effective-batch-size", "at least 1");
        Check(WarmupSteps >= 0, "warmup-steps", "0 or more");
        Check(MaxBatchTokens >= 1, "max-batch-tokens", "at least 1");
        Check(SaveSamples >= 0, "save-samples", "0 (epoch ends only) or more");
        Check(WeightDecay >= 0, "weight-decay", "0 or more");

        void Check(bool ok, string option, string allowed)
        {
            if (!ok)
            {
                throw new TrainingInputException($"--{phase}-{option} (or --{option}): must be {allowed}.");
            }
        }
    }
}
