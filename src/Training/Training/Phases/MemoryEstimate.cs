using InstructLab.Aspire.Training.Models;

namespace InstructLab.Aspire.Training.Phases;

/// <summary>
/// What training will hold in memory, before it starts: 16 bytes per trained parameter (f32 weight, gradient and
/// AdamW's two moments), 4 per frozen one, and activations at the micro-batch bound (per token and layer: the
/// projections' inputs and outputs, the feed-forward's three widths, attention scores over the longest sample),
/// plus the output head's logits over the labelled tokens.
/// </summary>
public sealed record MemoryEstimate(long TrainedParameters, long FrozenParameters, long ActivationBytes)
{
    public long WeightBytes => (TrainedParameters * 16) + (FrozenParameters * 4);

    public long TotalBytes => WeightBytes + ActivationBytes;

    public static MemoryEstimate For(LlamaConfig config, long frozenParameters, long trainedParameters, int maxBatchTokens, int longestSample)
    {
        var perTokenPerLayer = (16L * config.Width) + (6L * config.FeedForward) + (3L * config.Heads * longestSample);
        var activations = 4L * maxBatchTokens * ((config.Layers * perTokenPerLayer) + (3L * config.VocabularySize));
        return new MemoryEstimate(trainedParameters, frozenParameters, activations);
    }

    /// <summary>Memory this process may use: the machine's, or its container's limit.</summary>
    public static long Available() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    public static string Format(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.0} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MiB",
        _ => $"{bytes / 1024.0:0.0} KiB",
    };
}
