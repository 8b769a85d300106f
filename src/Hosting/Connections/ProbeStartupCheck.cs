using InstructLab.Aspire.Hosting.StartupChecks;

namespace InstructLab.Aspire.Hosting.Connections;

/// <summary>A connection probe that must report healthy before the service starts.</summary>
internal sealed class ProbeStartupCheck(IConnectionProbe probe) : IStartupCheck
{
    public string Resource => probe.Resource;

    public string Setting => probe.Setting;

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var connection = await probe.ProbeAsync(cancellationToken);
        return connection.Healthy
            ? $"{connection.Kind} at {connection.Endpoint}: {connection.Detail}"
            : throw new InvalidOperationException($"{connection.Kind} at {connection.Endpoint}: {connection.Detail}");
    }
}
