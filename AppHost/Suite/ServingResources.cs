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
        return serving.WithServingKey("Serving:ApiKeys:0", apiKey).WithSettingsSection(configuration, "Serving");
    }
}
