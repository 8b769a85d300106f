using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using InstructLab.Aspire.ChatClients;

namespace InstructLab.Aspire.Judging.Api.Evaluations;

/// <summary>One scoring client per (URL, model, key, limits) in the process, so every batch of an evaluation shares its concurrency limit.</summary>
public sealed class ScoringEndpoints : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<ScoringEndpoint>> endpoints = new(StringComparer.Ordinal);

    public ScoringEndpoint Get(ChatEndpointOptions options) =>
        endpoints.GetOrAdd(Identity(options), _ => new Lazy<ScoringEndpoint>(() => new ScoringEndpoint(options))).Value;

    public void Dispose()
    {
        foreach (var endpoint in endpoints.Values.Where(e => e.IsValueCreated))
        {
            endpoint.Value.Dispose();
        }
    }

    private static string Identity(ChatEndpointOptions options)
    {
        var key = options.ApiKey is "" ? "" : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(options.ApiKey)));
        return string.Join('\u001f', options.ApiUrl, options.Model, key, options.MaxConcurrency, options.AttemptTimeout, options.MaxRetries, options.RetryDelay);
    }
}
