using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace InstructLab.Aspire.Evaluations;

/// <summary>Evaluation's spans and counters (under the judging service's name, which hosts it).</summary>
public static class EvaluationTelemetry
{
    public const string Name = "InstructLab.Aspire.Evaluation";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Items = Meter.CreateCounter<long>("evaluation.items", "{item}", "Benchmark items evaluated, by benchmark.");

    public static readonly Counter<long> Ratings = Meter.CreateCounter<long>("evaluation.ratings", "{rating}", "Judge ratings asked for, by whether they could be read.");
}
