using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace InstructLab.Aspire.AppHost.Suite;

/// <summary>Serving's settings from the AppHost: its API key (a secret parameter) and the models to serve.</summary>
internal static class ServingResources
{
    /// <summary>The secret parameter that holds a Hugging Face token (<c>Parameters:hf-token</c> in the AppHost's user secrets).</summary>
    public const string HubTokenParameter = "hf-token";

    /// <summary>
    /// Requires <paramref name="apiKey"/> on serving's OpenAI API, passes the AppHost's <c>Serving</c> section
    /// (models by id, context size, limits; see docs/serving.md) on to the service with the hub's mirror and token, and
    /// shows where it stands with the default models on its resource.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithServingSettings(this IResourceBuilder<ProjectResource> serving,
        IConfiguration configuration, IResourceBuilder<ParameterResource> apiKey)
    {
        serving.ApplicationBuilder.Services.AddHostedService(services => new DefaultModelState(serving.Resource,
            services.GetRequiredService<ResourceLoggerService>(), services.GetRequiredService<ResourceNotificationService>()));
        // Serving's first-start download reads the hub as lab does: a mirror from the AppHost's configuration (its
        // environment, command line or user secrets), a token only as a secret parameter.
        if (configuration["HF_ENDPOINT"] is { Length: > 0 } mirror)
        {
            serving.WithEnvironment("HF_ENDPOINT", mirror);
        }
        if (configuration[$"Parameters:{HubTokenParameter}"] is { Length: > 0 })
        {
            serving.WithEnvironment("HF_TOKEN", serving.ApplicationBuilder.AddParameter(HubTokenParameter, secret: true));
        }
        return serving.WithServingKey("Serving:ApiKeys:0", apiKey).WithSettingsSection(configuration, "Serving");
    }
}
