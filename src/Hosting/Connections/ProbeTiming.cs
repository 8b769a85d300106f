using System.Diagnostics;
using InstructLab.Aspire.Contracts.Suite.V1;

namespace InstructLab.Aspire.Hosting.Connections;

/// <summary>Runs a probe body, timing it and turning its exception into an unhealthy report.</summary>
internal static class ProbeTiming
{
    public static async Task<Connection> MeasureAsync(Connection connection, Func<Task<string>> check, Func<Exception, string> describe)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            connection.Detail = await check();
            connection.Healthy = true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            connection.Detail = describe(e);
            connection.Healthy = false;
        }
        connection.LatencyMs = clock.Elapsed.TotalMilliseconds;
        return connection;
    }
}
