using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace InstructLab.Aspire.AppHost.Suite;

/// <summary>
/// Training's signed report links: one signing key for every instance, the address a browser opens them at, and each
/// completed job's report listed among the resource's URLs in the dashboard.
/// </summary>
internal static class ReportLinkResources
{
    public static IResourceBuilder<ProjectResource> WithReportLinks(this IResourceBuilder<ProjectResource> training, IResourceBuilder<ParameterResource> signingKey)
    {
        training.ApplicationBuilder.Services.AddHostedService(services => new TrainingReportUrls(training.Resource,
            services.GetRequiredService<ResourceLoggerService>(), services.GetRequiredService<ResourceNotificationService>()));
        return training
            .WithEnvironment("Training__Reports__SigningKey", signingKey)
            .WithEnvironment("Training__Reports__PublicUrl", training.GetEndpoint("http"));
    }
}
