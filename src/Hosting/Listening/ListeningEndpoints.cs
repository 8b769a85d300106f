using System.Collections.Concurrent;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;

namespace InstructLab.Aspire.Hosting.Listening;

/// <summary>
/// Where this service's named Kestrel endpoints (<c>Kestrel:Endpoints:NAME</c>) listen once bound: the port the system
/// chose where the configuration says 0, so a test fixture (or anyone) can start a service on port 0 and learn its
/// address instead of guessing a free port. <see cref="EndpointAnnouncer"/> logs them at start.
/// </summary>
public sealed class ListeningEndpoints(IConfiguration configuration)
{
    private readonly ConcurrentDictionary<string, ListenOptions> bound = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The names of the configured endpoints, in configuration order.</summary>
    public IEnumerable<string> Names => configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(endpoint => endpoint.Key);

    /// <summary>
    /// The endpoint's address as bound (loopback for a wildcard host), or as configured before the server has bound it;
    /// null when no such endpoint is configured.
    /// </summary>
    public Uri? Address(string name)
    {
        if (configuration[$"Kestrel:Endpoints:{name}:Url"] is not { Length: > 0 } configured)
        {
            return null;
        }
        var url = new UriBuilder(configured.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal).Replace("://[::]", "://[::1]", StringComparison.Ordinal));
        if (bound.TryGetValue(name, out var options) && options.IPEndPoint is { } endpoint)
        {
            url.Port = endpoint.Port;
        }
        return url.Uri;
    }

    internal void Bind(string name, ListenOptions options) => bound[name] = options;
}
