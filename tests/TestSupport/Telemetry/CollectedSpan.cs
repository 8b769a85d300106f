namespace InstructLab.Aspire.TestSupport.Telemetry;

/// <summary>A span as a service exported it over OTLP.</summary>
/// <param name="Service">The exporting process's <c>service.name</c>.</param>
/// <param name="TraceId">Hex trace id.</param>
/// <param name="SpanId">Hex span id.</param>
/// <param name="ParentSpanId">Hex parent span id; empty for a root span.</param>
/// <param name="Name">Span name.</param>
/// <param name="Kind">OTLP span kind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer.</param>
/// <param name="Scope">The instrumentation scope (ActivitySource) name.</param>
/// <param name="Attributes">String forms of the span's attributes.</param>
public sealed record CollectedSpan(string Service, string TraceId, string SpanId, string ParentSpanId, string Name, int Kind,
    string Scope, IReadOnlyDictionary<string, string> Attributes);

/// <summary>One data point of a gauge as a service exported it over OTLP.</summary>
/// <param name="Service">The exporting process's <c>service.name</c>.</param>
/// <param name="Name">The instrument's name.</param>
/// <param name="Value">The value (an integer gauge's as a double).</param>
/// <param name="Attributes">String forms of the point's attributes.</param>
public sealed record CollectedGaugePoint(string Service, string Name, double Value, IReadOnlyDictionary<string, string> Attributes);
