using Microsoft.Extensions.Configuration;

namespace InstructLab.Aspire.Hosting.Endpoints;

/// <summary>
/// Where another service of the suite listens, from Aspire's service-discovery configuration
/// (<c>services:&lt;name&gt;:&lt;endpoint&gt;:0</c>) unless a setting names an address.
/// </summary>
public static class SuiteServiceAddress
{
    /// <exception cref="InvalidOperationException">Neither the setting nor service discovery knows the service.</exception>
    public static Uri Resolve(IConfiguration configuration, string service, string endpoint, string? configured)
    {
        var url = configured is { Length: > 0 } ? configured : configuration[$"services:{service}:{endpoint}:0"];
        return Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException(
                $"the {service} service's {endpoint} address is not configured (services:{service}:{endpoint}:0, set by the AppHost): '{url}'");
    }
}
