using System.Collections.Concurrent;
using InstructLab.Aspire.ChatClients;

namespace InstructLab.Aspire.Judging.Api.Evaluations;

/// <summary>One scoring client per (URL, model, key, limits) in the process, so every batch of an evaluation shares its concurrency limit.</summary>
public sealed class ScoringEndpoints : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<ScoringEndpoint>> endpoints = new(StringComparer.Ordinal);

    public ScoringEndpoint Get(ChatEndpointOptions options) =>
        endpoints.GetOrAdd(options.Identity, _ => new Lazy<ScoringEndpoint>(() => new ScoringEndpoint(options))).Value;

    public void Dispose()
    {
        foreach (var endpoint in endpoints.Values.Where(e => e.IsValueCreated))
        {
            endpoint.Value.Dispose();
        }
    }
}
