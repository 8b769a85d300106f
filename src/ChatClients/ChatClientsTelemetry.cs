using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace InstructLab.Aspire.ChatClients;

/// <summary>Spans and counters of teacher and judge calls, in whichever service makes them.</summary>
public static class ChatClientsTelemetry
{
    public const string Name = "InstructLab.Aspire.ChatClients";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Calls = Meter.CreateCounter<long>("chat.calls", "{call}", "Chat completions requested from an endpoint (cache hits not counted).");

    public static readonly Counter<long> CacheHits = Meter.CreateCounter<long>("chat.cache_hits", "{call}", "Chat completions answered from the response cache.");

    public static readonly Counter<long> GeneratedTokens = Meter.CreateCounter<long>("chat.generated_tokens", "{token}", "Completion tokens the endpoints generated.");
}
