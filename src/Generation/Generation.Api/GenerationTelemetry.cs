using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace InstructLab.Aspire.Generation.Api;

/// <summary>The generation service's spans and counters.</summary>
public static class GenerationTelemetry
{
    public const string Name = "InstructLab.Aspire.Generation";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Jobs = Meter.CreateCounter<long>("generation.jobs", "{job}", "Jobs submitted.");

    public static readonly Counter<long> Batches = Meter.CreateCounter<long>("generation.batches", "{batch}", "Batches run (reused: done before, announced again).");

    public static readonly Counter<long> Samples = Meter.CreateCounter<long>("generation.samples", "{sample}", "Rows the pipelines kept.");
}
