using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace InstructLab.Aspire.AppHost.Suite;

/// <summary>Serving's settings from the AppHost: its API key (a secret parameter) and the models to serve.</summary>
internal static class ServingResources
{
    /// <summary>
    /// Requires <paramref name="apiKey"/> on serving's OpenAI API, and passes the AppHost's <c>Serving</c> section
    /// (models by id, context size, limits; see docs/serving.md) on to the service.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithServingSettings(this IResourceBuilder<ProjectResource> serving,
        IConfiguration configuration, IResourceBuilder<ParameterResource> apiKey)
    {
        serving.WithEnvironment("Serving__ApiKeys__0", apiKey);
        foreach (var (key, value) in configuration.GetSection("Serving").AsEnumerable())
        {
            if (value is not null && !key.Contains(":ApiKeys", StringComparison.OrdinalIgnoreCase))
            {
                serving.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
            }
        }
        return serving;
    }
}
