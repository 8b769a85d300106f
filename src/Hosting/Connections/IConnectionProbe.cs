using InstructLab.Aspire.Contracts.Suite.V1;

namespace InstructLab.Aspire.Hosting.Connections;

/// <summary>
/// A live check of one resource the service is connected to. Used as a start-up check (must pass before the service
/// starts) and by GetInfo (reported as it is).
/// </summary>
public interface IConnectionProbe
{
    /// <summary>Resource name, e.g. <c>cache</c>.</summary>
    string Resource { get; }

    /// <summary>The setting that says where the resource is, e.g. <c>ConnectionStrings:cache</c>.</summary>
    string Setting { get; }

    /// <summary>Checks the resource now; never throws for an unhealthy resource, reports it.</summary>
    Task<Connection> ProbeAsync(CancellationToken cancellationToken);
}
