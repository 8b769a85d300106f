using Aspire.Hosting.ApplicationModel;

namespace InstructLab.Aspire.AppHost.Infrastructure;

/// <summary>
/// A server run as a local executable whose connection string is built from its one primary endpoint, so services
/// cannot tell it from the container of the same name.
/// </summary>
internal sealed class LocalServerResource(string name, string command, string workingDirectory, string endpointName,
    Func<EndpointReference, ReferenceExpression> connectionString)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public EndpointReference PrimaryEndpoint => new(this, endpointName);

    public ReferenceExpression ConnectionStringExpression => connectionString(PrimaryEndpoint);
}
