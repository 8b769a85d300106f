using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace InstructLab.Aspire.Serving.IntegrationTests;

/// <summary>A server of a test's own (other models or limits than the shared one), with a client holding the key; stopped on dispose.</summary>
public sealed class OwnServer : IAsyncDisposable
{
    private OwnServer(WebApplication app)
    {
        App = app;
        Client = new HttpClient { BaseAddress = StandaloneServer.Address(app), Timeout = TimeSpan.FromMinutes(2) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServingServer.ApiKey);
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public static async Task<OwnServer> StartAsync(ServingOptions options, Microsoft.Extensions.Logging.ILoggerProvider? logs = null)
    {
        Action<Microsoft.Extensions.Logging.ILoggingBuilder>? logging = logs is null ? null : builder => builder.AddProvider(logs);
        var app = StandaloneServer.Build(options, port: 0, logging: logging);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new OwnServer(app);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
