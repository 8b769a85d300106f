using System.CommandLine;
using InstructLab.Aspire.Cli.Config;
using InstructLab.Aspire.Contracts.Discovery;

namespace InstructLab.Aspire.Cli;

/// <summary>Options every command accepts: where to find the suite.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> EndpointsFile = new("--endpoints-file")
    {
        Description = $"The file a running AppHost publishes its endpoints in [env: {SuiteEndpointsFile.EnvironmentVariable}; default: {SuiteEndpointsFile.DefaultPath}]",
        Recursive = true,
        // The environment variable wins over lab's configuration file: the locator reads it when this is null.
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(SuiteEndpointsFile.EnvironmentVariable) is { Length: > 0 } ? null : LabConfig.Optional(ConfigKeys.EndpointsFile),
    };

    public static readonly Option<string[]> Endpoints = new("--endpoint")
    {
        Description = "A service's URL, overriding the endpoints file: NAME=URL, e.g. taxonomy=http://127.0.0.1:5111 (gRPC) or serving=http://127.0.0.1:5150 [env: LAB_<NAME>_URL]",
        Recursive = true,
        AllowMultipleArgumentsPerToken = false,
    };
}
