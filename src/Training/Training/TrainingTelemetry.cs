using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace InstructLab.Aspire.Training;

/// <summary>Training's spans (a phase, an epoch) and metrics, under the training service's name.</summary>
public static class TrainingTelemetry
{
    public const string Name = "InstructLab.Aspire.Training";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Gauge<double> Loss = Meter.CreateGauge<double>("training.loss", null, "The last optimizer step's loss (mean over labelled tokens), by phase.");

    public static readonly Gauge<double> LearningRate = Meter.CreateGauge<double>("training.learning_rate", null, "The learning rate of the last optimizer step, by phase.");

    public static readonly Gauge<double> TokensPerSecond = Meter.CreateGauge<double>("training.tokens_per_second", "{token}/s", "Tokens (padding excluded) trained per second over the last step, by phase.");

    public static readonly Counter<long> Samples = Meter.CreateCounter<long>("training.samples", "{sample}", "Samples seen by optimizer steps, by phase.");

    public static readonly Gauge<double> HeldOutLoss = Meter.CreateGauge<double>("training.held_out_loss", null,
        "An epoch-end checkpoint's answer-token loss on the held-out samples, by phase and epoch (lower is better).");

    public static readonly Gauge<double> CheckpointScore = Meter.CreateGauge<double>("training.checkpoint_score", null,
        "A candidate checkpoint's score through the evaluation service, by benchmark (evaluation.benchmark: mt_bench_branch rating 1-10, mmlu_branch accuracy 0-1), phase and epoch.");

    /// <summary>The tags of a phase's measurements: the phase, and the run's name when it has one.</summary>
    public static TagList Tags(string phase, string? run)
    {
        var tags = new TagList { { "training.phase", phase } };
        if (run is not null)
        {
            tags.Add("training.run", run);
        }
        return tags;
    }

    public static readonly Counter<long> Steps = Meter.CreateCounter<long>("training.steps", "{step}", "Optimizer steps taken, by phase.");
}
