using Aspire.Hosting.ApplicationModel;
using Grpc.Net.Client;
using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Contracts.Security;

namespace InstructLab.Aspire.AppHost.Suite;

/// <summary>How the dashboard's commands call the suite's services.</summary>
internal static class SuiteChannels
{
    /// <summary>A channel to <paramref name="service"/>'s gRPC endpoint with the suite's key; null until it has one.</summary>
    public static async Task<GrpcChannel?> ForAsync(ProjectResource service, ParameterResource suiteApiKey, CancellationToken cancellationToken)
    {
        var address = service.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(e => e.Name == EndpointNames.Grpc)?.AllocatedEndpoint?.UriString;
        return address is null ? null : SuiteApiKey.Channel(new Uri(address), await suiteApiKey.GetValueAsync(cancellationToken));
    }
}
