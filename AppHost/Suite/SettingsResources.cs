using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace InstructLab.Aspire.AppHost.Suite;

/// <summary>Passes a section of the AppHost's configuration on to a service (e.g. <c>Generation:Teacher:Model</c>).</summary>
internal static class SettingsResources
{
    /// <summary>Every value under <paramref name="section"/> except keys named ApiKey(s) and SigningKey, which only secret parameters set.</summary>
    public static IResourceBuilder<ProjectResource> WithSettingsSection(this IResourceBuilder<ProjectResource> service,
        IConfiguration configuration, string section)
    {
        foreach (var (key, value) in configuration.GetSection(section).AsEnumerable())
        {
            if (value is not null && !key.Contains(":ApiKey", StringComparison.OrdinalIgnoreCase) && !key.EndsWith(":SigningKey", StringComparison.OrdinalIgnoreCase))
            {
                service.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
            }
        }
        return service;
    }

    /// <summary>The suite's API key: the service requires it on its gRPC calls and sends it on its calls to the others.</summary>
    public static IResourceBuilder<ProjectResource> WithSuiteKey(this IResourceBuilder<ProjectResource> service, IResourceBuilder<ParameterResource> apiKey) =>
        service.WithEnvironment(InstructLab.Aspire.Contracts.Security.SuiteApiKey.Setting.Replace(":", "__", StringComparison.Ordinal), apiKey);

    /// <summary>A service that calls serving (as teacher or judge) with the suite's generated key, set at <paramref name="setting"/>.</summary>
    public static IResourceBuilder<ProjectResource> WithServingKey(this IResourceBuilder<ProjectResource> service, string setting,
        IResourceBuilder<ParameterResource> apiKey) =>
        service.WithEnvironment(setting.Replace(":", "__", StringComparison.Ordinal), apiKey);
}
