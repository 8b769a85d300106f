using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using InstructLab.Aspire.Artifacts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;

namespace InstructLab.Aspire.AppHost.Infrastructure;

/// <summary>
/// Protocol-level health checks on a resource's connection string: the dashboard shows a resource healthy only when
/// a real client signs in, and services wait for exactly that. The connection string is captured when Aspire says it
/// is available (ports allocated), as Aspire's own Redis and RabbitMQ resources do.
/// </summary>
internal static class InfrastructureHealthChecks
{
    public static IResourceBuilder<T> WithRedisHealthCheck<T>(this IResourceBuilder<T> resource) where T : IResourceWithConnectionString
    {
        var connectionString = resource.CaptureConnectionString();
        var key = $"{resource.Resource.Name}_redis";
        resource.ApplicationBuilder.Services.AddHealthChecks().AddRedis(_ => connectionString.Value, key);
        return resource.WithHealthCheck(key);
    }

    public static IResourceBuilder<T> WithRabbitMqHealthCheck<T>(this IResourceBuilder<T> resource) where T : IResourceWithConnectionString
    {
        var connectionString = resource.CaptureConnectionString();
        var key = $"{resource.Resource.Name}_rabbitmq";
        IConnection? connection = null; // kept between checks, as Aspire's RabbitMQ resource does
        resource.ApplicationBuilder.Services.AddHealthChecks().AddRabbitMQ(async _ =>
            connection ??= await new ConnectionFactory { Uri = new Uri(connectionString.Value) }.CreateConnectionAsync(), key);
        return resource.WithHealthCheck(key);
    }

    /// <summary>Signs in to S3 and makes sure the suite's bucket exists.</summary>
    public static IResourceBuilder<T> WithS3HealthCheck<T>(this IResourceBuilder<T> resource) where T : IResourceWithConnectionString
    {
        var connectionString = resource.CaptureConnectionString();
        var key = $"{resource.Resource.Name}_s3";
        MinioArtifactStore? store = null;
        resource.ApplicationBuilder.Services.AddHealthChecks().AddAsyncCheck(key, async cancellationToken =>
        {
            try
            {
                if (store is null)
                {
                    var options = new ArtifactStoreOptions();
                    options.ApplyConnectionString(connectionString.Value, $"ConnectionStrings:{resource.Resource.Name}");
                    store = new MinioArtifactStore(options);
                }
                await store.EnsureBucketAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (ArtifactStoreException e)
            {
                return HealthCheckResult.Unhealthy(e.Message);
            }
        });
        return resource.WithHealthCheck(key);
    }

    private static CapturedConnectionString CaptureConnectionString<T>(this IResourceBuilder<T> resource) where T : IResourceWithConnectionString
    {
        var captured = new CapturedConnectionString(resource.Resource.Name);
        resource.OnConnectionStringAvailable(async (r, _, cancellationToken) =>
            captured.Value = await r.ConnectionStringExpression.GetValueAsync(cancellationToken)
                ?? throw new DistributedApplicationException($"Resource '{r.Name}' announced its connection string, but it is empty."));
        return captured;
    }

    private sealed class CapturedConnectionString(string resource)
    {
        private string? value;

        public string Value
        {
            get => value ?? throw new InvalidOperationException($"The connection string of '{resource}' is not available yet.");
            set => this.value = value;
        }
    }
}
