using InstructLab.Aspire.Contracts.Training.V1;

namespace InstructLab.Aspire.Training.Api.Jobs;

/// <summary>The request's options as the engine's settings: unset fields keep InstructLab's defaults.</summary>
public static class TrainingRequestOptions
{
    public static readonly IReadOnlyList<string> ExportTypes = ["F32", "F16", "BF16", "Q8_0", "Q4_0"];

    public static PhaseSettings Phase(PhaseOptions? options, PhaseSettings defaults) => options is null ? defaults : defaults with
    {
        Epochs = options.HasEpochs ? options.Epochs : defaults.Epochs,
        LearningRate = options.HasLearningRate ? options.LearningRate : defaults.LearningRate,
        EffectiveBatchSize = options.HasEffectiveBatchSize ? options.EffectiveBatchSize : defaults.EffectiveBatchSize,
        WarmupSteps = options.HasWarmupSteps ? options.WarmupSteps : defaults.WarmupSteps,
        MaxBatchTokens = options.HasMaxBatchTokens ? options.MaxBatchTokens : defaults.MaxBatchTokens,
        SaveSamples = options.HasSaveSamples ? options.SaveSamples : defaults.SaveSamples,
        WeightDecay = options.HasWeightDecay ? options.WeightDecay : defaults.WeightDecay,
    };

    public static LoraSettings? Lora(LoraOptions? options) => options switch
    {
        null or { Rank: 0 } => null,
        { Rank: < 0 } => throw new ArgumentException($"lora.rank: {options.Rank} must be at least 1 (or 0 for full fine-tuning)."),
        _ => LoraOf(options),
    };

    private static LoraSettings LoraOf(LoraOptions options) => new()
    {
        Rank = options.Rank,
        Alpha = options.HasAlpha ? options.Alpha : 32,
        Dropout = options.HasDropout ? options.Dropout : 0.1,
        Targets = options.Targets.Count > 0 ? [.. options.Targets] : ["q", "k", "v", "o"],
    };
}
