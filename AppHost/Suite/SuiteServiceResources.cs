using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace InstructLab.Aspire.AppHost.Suite;

/// <summary>Adds the suite's service projects.</summary>
internal static class SuiteServiceResources
{
    /// <summary>
    /// A service project connected to the infrastructure, started once that is healthy. Its endpoints come from its
    /// appsettings.json (names and protocols: <c>http</c>, and an HTTP/2-only <c>grpc</c>); their fixed ports are for
    /// running the service alone, so here Aspire allocates every port. Every service gets the AppHost's <c>Models</c>
    /// section: the model folder and the default teacher, judge and student are the suite's, not one service's.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddSuiteService<TProject>(this IDistributedApplicationBuilder builder,
        string name, params IResourceBuilder<IResourceWithConnectionString>[] infrastructure)
        where TProject : IProjectMetadata, new()
    {
        var service = builder.AddProject<TProject>(name);
        foreach (var endpoint in service.Resource.Annotations.OfType<EndpointAnnotation>())
        {
            endpoint.Port = null;
        }
        service.WithHttpHealthCheck("/health", endpointName: "http");
        foreach (var resource in infrastructure)
        {
            service.WithReference(resource).WaitFor(resource);
        }
        return service.WithSettingsSection(builder.Configuration, "Models");
    }
}
