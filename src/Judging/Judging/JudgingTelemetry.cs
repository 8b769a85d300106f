using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace InstructLab.Aspire.Judging;

/// <summary>The judging service's spans and counters.</summary>
public static class JudgingTelemetry
{
    public const string Name = "InstructLab.Aspire.Judging";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Judgments = Meter.CreateCounter<long>("judging.judgments", "{judgment}", "Judgments made, by rubric and parse status.");
}
