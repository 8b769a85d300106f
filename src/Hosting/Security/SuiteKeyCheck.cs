using System.Net;
using InstructLab.Aspire.Contracts.Security;
using InstructLab.Aspire.Hosting.StartupChecks;
using Microsoft.Extensions.Configuration;

namespace InstructLab.Aspire.Hosting.Security;

/// <summary>
/// At start: a service without the suite's API key refuses to listen on an address other machines reach (any
/// endpoint not on loopback) unless <c>Suite:Insecure</c> says so, as <c>lab model serve</c> does.
/// </summary>
public sealed class SuiteKeyCheck(IConfiguration configuration) : IStartupCheck
{
    public string Resource => "api key";

    public string Setting => SuiteApiKey.Setting;

    public Task<string> RunAsync(CancellationToken cancellationToken)
    {
        if (configuration[SuiteApiKey.Setting] is { Length: > 0 })
        {
            return Task.FromResult("every gRPC call needs the suite's API key");
        }
        var exposed = configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(endpoint => (Name: endpoint.Key, Url: endpoint["Url"]))
            .Concat((configuration["ASPNETCORE_URLS"] ?? configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries).Select(url => (Name: "urls", Url: (string?)url)))
            .Where(endpoint => endpoint.Url is { Length: > 0 } url && !IsLoopback(url))
            .ToList();
        if (exposed.Count == 0 || configuration.GetValue<bool>("Suite:Insecure"))
        {
            return Task.FromResult(exposed.Count == 0 ? "not set: calls are not checked (listening on loopback only)" : "not set, and Suite:Insecure is true: calls are not checked");
        }
        throw new InvalidOperationException(
            $"{string.Join(", ", exposed.Select(e => $"{e.Name} ({e.Url})"))} listens beyond this machine and {SuiteApiKey.Setting} is not set: anyone who reaches it "
            + "could use this service. Set the key (the AppHost does), listen on 127.0.0.1, or set Suite:Insecure=true.");
    }

    private static bool IsLoopback(string url)
    {
        var host = url.Replace("://+", "://wildcard", StringComparison.Ordinal).Replace("://*", "://wildcard", StringComparison.Ordinal);
        return Uri.TryCreate(host, UriKind.Absolute, out var uri)
            && (uri.IsLoopback || IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }
}
