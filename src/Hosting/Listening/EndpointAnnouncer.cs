using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InstructLab.Aspire.Hosting.Listening;

/// <summary>Logs each named endpoint's address once the server listens: "Endpoint grpc listening on http://127.0.0.1:41573/".</summary>
internal sealed partial class EndpointAnnouncer(ListeningEndpoints endpoints, IHostApplicationLifetime lifetime, ILogger<EndpointAnnouncer> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var name in endpoints.Names)
            {
                LogListening(name, endpoints.Address(name)!);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Endpoint {Name} listening on {Address}")]
    private partial void LogListening(string name, Uri address);
}
