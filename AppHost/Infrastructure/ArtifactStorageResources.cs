using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using InstructLab.Aspire.Artifacts;

namespace InstructLab.Aspire.AppHost.Infrastructure;

/// <summary>The S3 resource: MinIO (container or binary on PATH), else s3rver from npm.</summary>
internal static class ArtifactStorageResources
{
    public static IResourceBuilder<IResourceWithConnectionString> AddArtifactStorage(this SuiteInfrastructure infrastructure, string name)
    {
        var builder = infrastructure.Builder;
        if (infrastructure.Mode == InfrastructureMode.External)
        {
            return builder.AddExternalConnectionString(name).WithS3HealthCheck();
        }

        var accessKey = infrastructure.GeneratedSecret($"{name}-access-key", length: 20);
        var secretKey = infrastructure.GeneratedSecret($"{name}-secret-key", length: 40);
        if (infrastructure.Mode == InfrastructureMode.Containers)
        {
            var minio = new MinioContainerResource(name, accessKey.Resource, secretKey.Resource);
            return builder.AddResource(minio)
                .WithImage("minio/minio", "latest")
                .WithImageRegistry("docker.io")
                .WithArgs("server", "/data", "--console-address", ":9001")
                .WithHttpEndpoint(targetPort: 9000, name: MinioContainerResource.ApiEndpointName)
                .WithHttpEndpoint(targetPort: 9001, name: "console")
                .WithEnvironment("MINIO_ROOT_USER", accessKey)
                .WithEnvironment("MINIO_ROOT_PASSWORD", secretKey)
                .WithVolume("instructlab-artifacts", "/data")
                .WithS3HealthCheck();
        }

        var data = infrastructure.DataFor(name);
        LocalServerResource server;
        IResourceBuilder<LocalServerResource> resource;
        if (SuiteInfrastructure.IsOnPath("minio"))
        {
            server = new LocalServerResource(name, "minio", data, "http", S3ConnectionString(accessKey, secretKey));
            resource = builder.AddResource(server)
                .WithHttpEndpoint(name: "http", isProxied: false)
                .WithHttpEndpoint(name: "console", isProxied: false)
                .WithArgs(context =>
                {
                    context.Args.Add("server");
                    context.Args.Add(data);
                    context.Args.Add("--address");
                    context.Args.Add(ReferenceExpression.Create($"127.0.0.1:{server.PrimaryEndpoint.Property(EndpointProperty.TargetPort)}"));
                    context.Args.Add("--console-address");
                    context.Args.Add(ReferenceExpression.Create($"127.0.0.1:{server.GetEndpoint("console").Property(EndpointProperty.TargetPort)}"));
                })
                .WithEnvironment("MINIO_ROOT_USER", accessKey)
                .WithEnvironment("MINIO_ROOT_PASSWORD", secretKey);
        }
        else
        {
            SuiteInfrastructure.RequireOnPath("node", "Debian package nodejs");
            var serve = infrastructure.RepositoryFile("eng/s3rver/serve.js");
            infrastructure.RepositoryFile("eng/s3rver/node_modules/s3rver/package.json");
            server = new LocalServerResource(name, "node", data, "http", S3ConnectionString(accessKey, secretKey));
            resource = builder.AddResource(server)
                .WithHttpEndpoint(name: "http", isProxied: false)
                .WithArgs(context =>
                {
                    context.Args.Add(serve);
                    context.Args.Add(server.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                    context.Args.Add(data);
                    context.Args.Add(ArtifactStoreOptions.DefaultBucket);
                })
                .WithEnvironment("S3_ACCESS_KEY", accessKey)
                .WithEnvironment("S3_SECRET_KEY", secretKey);
        }
        return resource.WithS3HealthCheck();
    }

    private static Func<EndpointReference, ReferenceExpression> S3ConnectionString(
        IResourceBuilder<ParameterResource> accessKey, IResourceBuilder<ParameterResource> secretKey) =>
        endpoint => ReferenceExpression.Create(
            $"Endpoint=http://127.0.0.1:{endpoint.Property(EndpointProperty.Port)};AccessKey={accessKey};SecretKey={secretKey}");
}
