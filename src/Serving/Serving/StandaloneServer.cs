using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InstructLab.Aspire.Serving;

/// <summary>
/// Serving alone, like llama-server or <c>ilab model serve</c>: the OpenAI API for local models, with no Redis,
/// RabbitMQ or artifact store. Used by <c>lab model serve</c> and by tests (port 0 = any free port).
/// </summary>
public static class StandaloneServer
{
    public static WebApplication Build(ServingOptions options, string host = "127.0.0.1", int port = 8000, Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);
        builder.WebHost.UseUrls($"http://{(host.Contains(':') ? $"[{host}]" : host)}:{port}");
        builder.Logging.ClearProviders();
        if (logging is not null)
        {
            logging(builder.Logging);
        }
        builder.Services.AddServing(configured => Copy(options, configured));
        var app = builder.Build();
        app.UseServing();
        app.MapHealthChecks("/health");
        app.MapServing();
        return app;
    }

    /// <summary>The address a started server listens on.</summary>
    public static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    private static void Copy(ServingOptions from, ServingOptions to)
    {
        foreach (var property in typeof(ServingOptions).GetProperties().Where(p => p.CanWrite))
        {
            property.SetValue(to, property.GetValue(from));
        }
    }
}
