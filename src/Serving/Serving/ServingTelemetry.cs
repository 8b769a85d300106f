using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace InstructLab.Aspire.Serving;

/// <summary>Serving's spans and metrics (exported to the dashboard over OTLP and at <c>/metrics</c> for Prometheus).</summary>
public static class ServingTelemetry
{
    public const string Name = "InstructLab.Aspire.Serving";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Per model: sequences running and prompts queued, read when metrics are collected.</summary>
    private static readonly ConcurrentDictionary<object, (string Model, Func<(int Running, int Queued)> Read)> Load = new();

    public static readonly Counter<long> Requests = Meter.CreateCounter<long>("serving.requests", "{request}", "Requests answered, by endpoint and status.");

    public static readonly Counter<long> PromptTokens = Meter.CreateCounter<long>("serving.prompt_tokens", "{token}", "Prompt tokens decoded (reused prefixes not counted).");

    public static readonly Counter<long> GeneratedTokens = Meter.CreateCounter<long>("serving.generated_tokens", "{token}", "Completion tokens sampled.");

    public static readonly Histogram<double> TimeToFirstToken = Meter.CreateHistogram("serving.time_to_first_token", "s", "From a prompt's arrival to its first sampled token.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    public static readonly Histogram<double> QueueTime = Meter.CreateHistogram("serving.queue_time", "s", "From a prompt's arrival to its admission into the batch.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30] });

    public static readonly Histogram<double> TokensPerSecond = Meter.CreateHistogram("serving.tokens_per_second", "{token}/s", "Completion tokens per second of each request, after its first token.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 10, 25, 50, 100, 250, 500, 1000] });

    static ServingTelemetry()
    {
        Meter.CreateObservableGauge("serving.requests_running", () => Measure(load => load.Running), "{sequence}", "Sequences being generated.");
        Meter.CreateObservableGauge("serving.requests_queued", () => Measure(load => load.Queued), "{request}", "Prompts waiting for a slot.");
    }

    /// <summary>The span of one generation request (never with prompt or completion text).</summary>
    internal static Activity? StartRequest(string operation, string model, Inference.GenerationSettings settings)
    {
        var activity = Source.StartActivity($"{operation} {model}");
        activity?.SetTag("gen_ai.operation.name", operation);
        activity?.SetTag("gen_ai.request.model", model);
        activity?.SetTag("gen_ai.request.temperature", settings.Sampling.Temperature);
        return activity;
    }

    internal static void Track(object owner, string model, Func<(int Running, int Queued)> load) => Load[owner] = (model, load);

    internal static void Untrack(object owner) => Load.TryRemove(owner, out _);

    private static IEnumerable<Measurement<int>> Measure(Func<(int Running, int Queued), int> pick) =>
        Load.Values.Select(load => new Measurement<int>(pick(load.Read()), new KeyValuePair<string, object?>("model", load.Model)));
}
