using System.Diagnostics;
using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Contracts.Discovery;

namespace InstructLab.Aspire.Cli.Suite;

/// <summary>
/// Finds the suite's services, first match wins: <c>--endpoint NAME=URL</c>, then <c>LAB_&lt;NAME&gt;_URL</c>, then the
/// endpoints file a running AppHost publishes (<c>--endpoints-file</c>, <c>LAB_ENDPOINTS_FILE</c>, the default path).
/// </summary>
internal sealed class SuiteLocator(Func<string, string?> environment)
{
    public static SuiteLocator FromProcessEnvironment() => new(Environment.GetEnvironmentVariable);

    public IReadOnlyDictionary<string, ServiceAddress> Locate(IEnumerable<string> services, string[]? endpointFlags, string? endpointsFileFlag)
    {
        var flags = ParseFlags(endpointFlags ?? []);
        var found = new Dictionary<string, ServiceAddress>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var service in services)
        {
            var variable = $"LAB_{service.ToUpperInvariant()}_URL";
            if (flags.TryGetValue(service, out var flagged))
            {
                found[service] = new ServiceAddress(service, flagged, "--endpoint");
            }
            else if (environment(variable) is { Length: > 0 } fromEnvironment)
            {
                found[service] = new ServiceAddress(service, ParseUrl(fromEnvironment, variable), variable);
            }
            else
            {
                missing.Add(service);
            }
        }
        if (missing.Count > 0)
        {
            var path = endpointsFileFlag ?? environment(SuiteEndpointsFile.EnvironmentVariable) ?? SuiteEndpointsFile.DefaultPath;
            var suite = ReadRunningSuite(path);
            foreach (var service in missing)
            {
                found[service] = FromFile(suite, service, path);
            }
        }
        return found;
    }

    private static Dictionary<string, Uri> ParseFlags(string[] flags)
    {
        var parsed = new Dictionary<string, Uri>(StringComparer.Ordinal);
        foreach (var flag in flags)
        {
            var separator = flag.IndexOf('=', StringComparison.Ordinal);
            var name = separator > 0 ? flag[..separator].Trim().ToLowerInvariant() : "";
            if (!ResourceNames.Services.Contains(name))
            {
                throw new LabException($"--endpoint '{flag}': expected NAME=URL with NAME one of {string.Join(", ", ResourceNames.Services)}.");
            }
            parsed[name] = ParseUrl(flag[(separator + 1)..], $"--endpoint {name}");
        }
        return parsed;
    }

    private static Uri ParseUrl(string value, string source) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new LabException($"{source}: '{value}' is not an http:// or https:// URL.");

    private static SuiteEndpoints ReadRunningSuite(string path)
    {
        SuiteEndpoints? suite;
        try
        {
            suite = SuiteEndpointsFile.Read(path);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new LabException(e.Message);
        }
        if (suite is null)
        {
            throw new LabException(
                $"No running suite found: {path} does not exist. Start one with eng/up.sh, or point lab at services with --endpoint NAME=URL.");
        }
        if (!IsRunning(suite.AppHostProcessId))
        {
            throw new LabException(
                $"The suite that wrote {path} (AppHost process {suite.AppHostProcessId}) is no longer running. Start one with eng/up.sh.");
        }
        return suite;
    }

    private static ServiceAddress FromFile(SuiteEndpoints suite, string service, string path)
    {
        suite.Services.TryGetValue(service, out var endpoints);
        var url = service == ResourceNames.Serving ? endpoints?.Http : endpoints?.Grpc;
        return url is null
            ? throw new LabException($"{path} lists no {(service == ResourceNames.Serving ? "http" : "grpc")} endpoint for '{service}'.")
            : new ServiceAddress(service, ParseUrl(url, path), path);
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
