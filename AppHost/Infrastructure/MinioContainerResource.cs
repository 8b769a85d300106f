using Aspire.Hosting.ApplicationModel;

namespace InstructLab.Aspire.AppHost.Infrastructure;

/// <summary>The minio/minio container, with the same connection string format as the local S3 servers.</summary>
internal sealed class MinioContainerResource(string name, ParameterResource accessKey, ParameterResource secretKey)
    : ContainerResource(name), IResourceWithConnectionString
{
    public const string ApiEndpointName = "http";

    public EndpointReference Api => new(this, ApiEndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"Endpoint=http://{Api.Property(EndpointProperty.HostAndPort)};AccessKey={accessKey};SecretKey={secretKey}");
}
