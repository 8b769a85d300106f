using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Grpc.Net.Client;
using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Contracts.Security;

namespace InstructLab.Aspire.AppHost.Suite;

/// <summary>How the dashboard's commands call the suite's services, and read the paths typed in them.</summary>
internal static class SuiteChannels
{
    /// <summary>A channel to <paramref name="service"/>'s gRPC endpoint with the suite's key; null until it has one.</summary>
    public static async Task<GrpcChannel?> ForAsync(ProjectResource service, ParameterResource suiteApiKey, CancellationToken cancellationToken)
    {
        var address = service.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(e => e.Name == EndpointNames.Grpc)?.AllocatedEndpoint?.UriString;
        return address is null ? null : SuiteApiKey.Channel(new Uri(address), await suiteApiKey.GetValueAsync(cancellationToken));
    }

    /// <summary>A command's answer while <paramref name="service"/> has no gRPC endpoint yet.</summary>
    public static ExecuteCommandResult NotRunning(ProjectResource service) =>
        CommandResults.Failure($"The {service.Name} service has no gRPC endpoint yet; wait until it is running.");

    /// <summary>A path typed in the dashboard with <c>~</c> for the user's home, made absolute.</summary>
    public static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.TrimStart('~').TrimStart('/'))
            : path;
}
