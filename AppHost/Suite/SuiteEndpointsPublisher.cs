using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Contracts.Discovery;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace InstructLab.Aspire.AppHost.Suite;

/// <summary>
/// Publishes the services' endpoints where the lab CLI looks by default (<see cref="SuiteEndpointsFile"/>, or the
/// AppHost setting <c>Suite:EndpointsFile</c>), so <c>lab system info</c> in a second terminal just works. The file is
/// rewritten as endpoints are allocated and removed when the AppHost stops.
/// </summary>
internal sealed class SuiteEndpointsPublisher(string path, IReadOnlyList<ProjectResource> services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (SuiteEndpointsFile.Read(path)?.AppHostProcessId == Environment.ProcessId)
        {
            File.Delete(path);
        }
        return Task.CompletedTask;
    }

    public void Publish()
    {
        var endpoints = services.ToDictionary(service => service.Name, service => new ServiceEndpoints(
            UrlOf(service, EndpointNames.Http), UrlOf(service, EndpointNames.Grpc)));
        SuiteEndpointsFile.Write(path, new SuiteEndpoints
        {
            AppHostProcessId = Environment.ProcessId,
            WrittenAt = DateTimeOffset.UtcNow,
            Services = endpoints,
        });
    }

    private static string? UrlOf(ProjectResource service, string endpointName) =>
        service.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(e => e.Name == endpointName)?.AllocatedEndpoint?.UriString;
}

internal static class SuiteEndpointsPublisherExtensions
{
    public static IDistributedApplicationBuilder PublishEndpointsForCli(this IDistributedApplicationBuilder builder,
        params IResourceBuilder<ProjectResource>[] services)
    {
        if (!builder.ExecutionContext.IsRunMode)
        {
            return builder;
        }
        var path = builder.Configuration["Suite:EndpointsFile"] ?? SuiteEndpointsFile.DefaultPath;
        var publisher = new SuiteEndpointsPublisher(path, [.. services.Select(service => service.Resource)]);
        foreach (var service in services)
        {
            builder.Eventing.Subscribe<ResourceEndpointsAllocatedEvent>(service.Resource, (_, _) =>
            {
                publisher.Publish();
                return Task.CompletedTask;
            });
        }
        builder.Services.AddHostedService(_ => publisher);
        return builder;
    }
}
