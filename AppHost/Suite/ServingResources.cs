using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace InstructLab.Aspire.AppHost.Suite;

/// <summary>Serving's settings from the AppHost: its API key (a secret parameter) and the models to serve.</summary>
internal static class ServingResources
{
    /// <summary>
    /// Requires <paramref name="apiKey"/> on serving's OpenAI API, passes the AppHost's <c>Serving</c> section
    /// (models by id, context size, limits; see docs/serving.md) on to the service, and shows where it stands with the
    /// default models on its resource.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithServingSettings(this IResourceBuilder<ProjectResource> serving,
        IConfiguration configuration, IResourceBuilder<ParameterResource> apiKey)
    {
        serving.ApplicationBuilder.Services.AddHostedService(services => new DefaultModelState(serving.Resource,
            services.GetRequiredService<ResourceLoggerService>(), services.GetRequiredService<ResourceNotificationService>()));
        return serving.WithServingKey("Serving:ApiKeys:0", apiKey).WithSettingsSection(configuration, "Serving");
    }
}
