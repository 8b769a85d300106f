using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace InstructLab.Aspire.Hosting.Listening;

/// <summary>
/// Loads Kestrel's endpoints from the <c>Kestrel</c> section as the host's defaults do, and keeps each named endpoint's
/// listen options, which Kestrel updates with the port it bound.
/// </summary>
internal sealed class EndpointCapture(IConfiguration configuration, ListeningEndpoints endpoints) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions options)
    {
        var kestrel = configuration.GetSection("Kestrel");
        var loader = options.Configure(kestrel, reloadOnChange: true);
        foreach (var endpoint in kestrel.GetSection("Endpoints").GetChildren())
        {
            var name = endpoint.Key;
            loader.Endpoint(name, configured => endpoints.Bind(name, configured.ListenOptions));
        }
    }
}
