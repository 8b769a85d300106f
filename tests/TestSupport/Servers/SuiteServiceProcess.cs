namespace InstructLab.Aspire.TestSupport.Servers;

/// <summary>A service of the suite run as its own built executable, the way the AppHost runs it.</summary>
public static class SuiteServiceProcess
{
    /// <summary>The executable of <c>src/&lt;Service&gt;/&lt;Service&gt;.Api</c> in the configuration the tests were built in.</summary>
    public static string Executable(string service) =>
        Repository.PathOf("src", service, $"{service}.Api", "bin", Repository.BuildConfiguration, "net10.0", "linux-x64", $"InstructLab.Aspire.{service}.Api");

    /// <summary>
    /// Starts the service with the given settings (environment variables, <c>Section__Key</c>) on its own HTTP port and,
    /// when <paramref name="grpcPort"/> is given, an HTTP/2-only gRPC port; ready when the gRPC port (else the HTTP port) listens.
    /// </summary>
    public static Task<ServerProcess> StartAsync(string service, int httpPort, int? grpcPort, IReadOnlyDictionary<string, string> settings)
    {
        var environment = new Dictionary<string, string>(settings)
        {
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["Kestrel__Endpoints__http__Url"] = $"http://127.0.0.1:{httpPort}",
        };
        if (grpcPort is { } grpc)
        {
            environment["Kestrel__Endpoints__grpc__Url"] = $"http://127.0.0.1:{grpc}";
        }
        var executable = Executable(service);
        return ServerProcess.StartAsync(executable, [], environment, grpcPort ?? httpPort, TimeSpan.FromSeconds(90), Path.GetDirectoryName(executable));
    }
}
