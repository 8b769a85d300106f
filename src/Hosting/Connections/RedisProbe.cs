using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Contracts.Suite.V1;
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
            await redis.GetDatabase().PingAsync().WaitAsync(cancellationToken);
            return endpoint is null ? "PONG" : $"Redis {redis.GetServer(endpoint).Version}";
        }, Describe);
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
