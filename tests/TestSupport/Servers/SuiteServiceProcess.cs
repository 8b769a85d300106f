using System.Text.RegularExpressions;

namespace InstructLab.Aspire.TestSupport.Servers;

/// <summary>A service of the suite run as its own built executable, the way the AppHost runs it.</summary>
public static partial class SuiteServiceProcess
{
    /// <summary>The executable of <c>src/&lt;Service&gt;/&lt;Service&gt;.Api</c> in the configuration the tests were built in.</summary>
    public static string Executable(string service) =>
        Repository.PathOf("src", service, $"{service}.Api", "bin", Repository.BuildConfiguration, "net10.0", "linux-x64", $"InstructLab.Aspire.{service}.Api");

    /// <summary>
    /// Starts the service with the given settings (environment variables, <c>Section__Key</c>) on an HTTP endpoint and,
    /// when <paramref name="grpc"/>, an HTTP/2-only gRPC endpoint, both on port 0 of 127.0.0.1; ready when it has
    /// logged where they listen (the ports the system chose; nothing is probed and released first).
    /// </summary>
    public static async Task<SuiteService> StartAsync(string service, bool grpc, IReadOnlyDictionary<string, string> settings)
    {
        var environment = new Dictionary<string, string>(settings)
        {
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["Kestrel__Endpoints__http__Url"] = "http://127.0.0.1:0",
        };
        if (grpc)
        {
            environment["Kestrel__Endpoints__grpc__Url"] = "http://127.0.0.1:0";
        }
        var executable = Executable(service);
        var (process, addresses) = await ServerProcess.StartReportingAsync(executable, [], environment, ListeningLine(), grpc ? ["http", "grpc"] : ["http"],
            TimeSpan.FromSeconds(90), Path.GetDirectoryName(executable));
        return new SuiteService(process, addresses["http"], grpc ? addresses["grpc"] : null);
    }

    /// <summary>The line a service logs for each endpoint once it listens (a wildcard host reported as loopback).</summary>
    [GeneratedRegex(@"Endpoint (?<name>\w+) listening on (?<url>\S+)")]
    public static partial Regex ListeningLine();
}

/// <summary>A running service and where it listens.</summary>
public sealed record SuiteService(ServerProcess Process, Uri Http, Uri? Grpc)
{
    /// <summary>The gRPC endpoint; a service started without one has none.</summary>
    public Uri GrpcUrl => Grpc ?? throw new InvalidOperationException("this service was started without a gRPC endpoint");
}
