using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Contracts.Suite.V1;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace InstructLab.Aspire.Hosting.Connections;

/// <summary>PING over the service's own Redis connection.</summary>
internal sealed class RedisProbe(IServiceProvider services) : IConnectionProbe
{
    public string Resource => ResourceNames.Cache;

    public string Setting => $"ConnectionStrings:{ResourceNames.Cache}";

    public Task<Connection> ProbeAsync(CancellationToken cancellationToken)
    {
        var connection = new Connection { Resource = Resource, Kind = "redis", Endpoint = "?" };
        return ProbeTiming.MeasureAsync(connection, async () =>
        {
            // Resolved here, not injected: creating the multiplexer connects, and a failure must become a report.
            var redis = services.GetRequiredService<IConnectionMultiplexer>();
            var endpoint = redis.GetEndPoints().FirstOrDefault();
            connection.Endpoint = endpoint?.ToString()?.Replace("Unspecified/", "", StringComparison.Ordinal) ?? "?";
            await PingOrDiagnoseAsync(redis, cancellationToken);
            return endpoint is null ? "PONG" : $"Redis {redis.GetServer(endpoint).Version}";
        }, Describe);
    }

    /// <summary>
    /// A multiplexer that could not connect keeps a PING in its backlog and retries every few seconds, so on a loaded
    /// machine the PING outlasts the start-up deadline and the reason is lost. When it is not connected, one
    /// connection that gives up at its first failure tells why.
    /// </summary>
    private async Task PingOrDiagnoseAsync(IConnectionMultiplexer redis, CancellationToken cancellationToken)
    {
        if (!redis.IsConnected)
        {
            var options = ConfigurationOptions.Parse(services.GetRequiredService<IConfiguration>().GetConnectionString(ResourceNames.Cache)!);
            options.AbortOnConnectFail = true;
            options.ConnectRetry = 1;
            await using var diagnostic = await ConnectionMultiplexer.ConnectAsync(options).WaitAsync(cancellationToken);
        }
        await redis.GetDatabase().PingAsync().WaitAsync(cancellationToken);
    }

    private static string Describe(Exception e)
    {
        // StackExchange.Redis messages run to a kilobyte of diagnostics; the failure type says what matters.
        for (var current = e; current is not null; current = current.InnerException)
        {
            if (current is RedisConnectionException connection)
            {
                return connection.FailureType == ConnectionFailureType.AuthenticationFailure
                    ? "Redis refused the password"
                    : $"Redis is unreachable ({connection.FailureType})";
            }
        }
        return e.Message;
    }
}
