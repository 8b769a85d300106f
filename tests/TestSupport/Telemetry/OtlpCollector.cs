using System.Collections.Concurrent;
using Grpc.Core;
using InstructLab.Aspire.TestSupport.Otlp;
using InstructLab.Aspire.TestSupport.Otlp.Logs;
using InstructLab.Aspire.TestSupport.Otlp.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InstructLab.Aspire.TestSupport.Telemetry;

/// <summary>
/// An OTLP/gRPC receiver in the test process: point services' OTEL_EXPORTER_OTLP_ENDPOINT at <see cref="Endpoint"/>
/// and read back the spans (and gauge values) they really exported.
/// </summary>
public sealed class OtlpCollector : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly SpanSink sink;

    private OtlpCollector(WebApplication app, SpanSink sink)
    {
        this.app = app;
        this.sink = sink;
    }

    public Uri Endpoint => new(app.Urls.First());

    public IReadOnlyList<CollectedSpan> Spans => [.. sink.Spans];

    /// <summary>Every data point of every gauge exported so far (its service, name, value and attributes).</summary>
    public IReadOnlyList<CollectedGaugePoint> GaugePoints => [.. sink.Gauges];

    public static async Task<OtlpCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // A service's appsettings.json copied beside the tests must not add its Kestrel endpoints here.
        builder.Configuration.Sources.Clear();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0,
            listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        var sink = new SpanSink();
        builder.Services.AddSingleton(sink);
        var app = builder.Build();
        app.MapGrpcService<TraceReceiver>();
        app.MapGrpcService<MetricsReceiver>();
        app.MapGrpcService<LogsReceiver>();
        await app.StartAsync();
        return new OtlpCollector(app, sink);
    }

    /// <summary>Waits until the spans collected so far satisfy <paramref name="condition"/>; returns what it found.</summary>
    public async Task<T> WaitForAsync<T>(Func<IReadOnlyList<CollectedSpan>, T?> condition, TimeSpan timeout) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (condition(Spans) is { } found)
            {
                return found;
            }
            if (DateTime.UtcNow > deadline)
            {
                var collected = Spans;
                throw new TimeoutException($"No matching spans within {timeout}; collected {collected.Count} spans from {string.Join(", ", collected.Select(s => s.Service).Distinct())}.");
            }
            await Task.Delay(250);
        }
    }

    /// <summary>Waits until the points of gauge <paramref name="name"/> collected so far satisfy <paramref name="condition"/>; returns them.</summary>
    public async Task<IReadOnlyList<CollectedGaugePoint>> WaitForGaugeAsync(string name, Func<IReadOnlyList<CollectedGaugePoint>, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var points = GaugePoints.Where(p => p.Name == name).ToList();
            if (condition(points))
            {
                return points;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No matching points of {name} within {timeout}; collected {points.Count}.");
            }
            await Task.Delay(250);
        }
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private sealed class SpanSink
    {
        public ConcurrentQueue<CollectedSpan> Spans { get; } = new();

        public ConcurrentQueue<CollectedGaugePoint> Gauges { get; } = new();

        public void Add(ExportMetricsServiceRequest request)
        {
            foreach (var resourceMetrics in request.ResourceMetrics)
            {
                var service = resourceMetrics.Resource?.Attributes.FirstOrDefault(a => a.Key == "service.name")?.Value?.StringValue ?? "";
                foreach (var metric in resourceMetrics.ScopeMetrics.SelectMany(s => s.Metrics).Where(m => m.DataCase == Metric.DataOneofCase.Gauge))
                {
                    foreach (var point in metric.Gauge.DataPoints)
                    {
                        Gauges.Enqueue(new CollectedGaugePoint(service, metric.Name,
                            point.ValueCase == NumberDataPoint.ValueOneofCase.AsDouble ? point.AsDouble : point.AsInt,
                            point.Attributes.GroupBy(a => a.Key).ToDictionary(g => g.Key, g => Text(g.First().Value))));
                    }
                }
            }
        }

        public void Add(ExportTraceServiceRequest request)
        {
            foreach (var resourceSpans in request.ResourceSpans)
            {
                var service = resourceSpans.Resource?.Attributes.FirstOrDefault(a => a.Key == "service.name")?.Value?.StringValue ?? "";
                foreach (var scopeSpans in resourceSpans.ScopeSpans)
                {
                    foreach (var span in scopeSpans.Spans)
                    {
                        Spans.Enqueue(new CollectedSpan(service, Convert.ToHexStringLower(span.TraceId.Span), Convert.ToHexStringLower(span.SpanId.Span),
                            Convert.ToHexStringLower(span.ParentSpanId.Span), span.Name, span.Kind, scopeSpans.Scope?.Name ?? "",
                            span.Attributes.GroupBy(a => a.Key).ToDictionary(g => g.Key, g => Text(g.First().Value))));
                    }
                }
            }
        }
    }

    private static string Text(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        _ => "",
    };

    private sealed class TraceReceiver(SpanSink sink) : TraceService.TraceServiceBase
    {
        public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
        {
            sink.Add(request);
            return Task.FromResult(new ExportTraceServiceResponse());
        }
    }

    private sealed class MetricsReceiver(SpanSink sink) : MetricsService.MetricsServiceBase
    {
        public override Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
        {
            sink.Add(request);
            return Task.FromResult(new ExportMetricsServiceResponse());
        }
    }

    private sealed class LogsReceiver : LogsService.LogsServiceBase
    {
        public override Task<ExportLogsServiceResponse> Export(ExportLogsServiceRequest request, ServerCallContext context) =>
            Task.FromResult(new ExportLogsServiceResponse());
    }
}
