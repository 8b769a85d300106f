using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace InstructLab.Aspire.Generation.IntegrationTests;

/// <summary>
/// A real HTTP hop in front of the real serving service, as a teacher URL: it forwards every request and counts the
/// chat completions that reach it, and can fail a share of them (a 500, or no answer until the client gives up) or
/// slow them down. The trace context passes through, as through any real proxy.
/// </summary>
public sealed class TeacherProxy : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly HttpClient upstream;
    private int forwarded, failed;

    private TeacherProxy(WebApplication app, HttpClient upstream)
    {
        this.app = app;
        this.upstream = upstream;
    }

    /// <summary>Share of chat completions answered with a failure instead (half 500s, half hangs).</summary>
    public double FailureRate { get; set; }

    public TimeSpan Delay { get; set; }

    public TimeSpan HangFor { get; set; } = TimeSpan.FromSeconds(40);

    /// <summary>Chat completions forwarded to serving.</summary>
    public int Forwarded => Volatile.Read(ref forwarded);

    /// <summary>Chat completions failed on purpose.</summary>
    public int Failed => Volatile.Read(ref failed);

    public Uri Address => new(app.Urls.First());

    public static async Task<TeacherProxy> StartAsync(Uri serving, int seed)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // A service's appsettings.json copied beside the tests must not add its Kestrel endpoints here.
        builder.Configuration.Sources.Clear();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var proxy = new TeacherProxy(app, new HttpClient { BaseAddress = serving, Timeout = Timeout.InfiniteTimeSpan });
        var random = new Random(seed);
        app.Run(async context => await proxy.ForwardAsync(context, random));
        await app.StartAsync();
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        upstream.Dispose();
    }

    private async Task ForwardAsync(HttpContext context, Random random)
    {
        var chat = context.Request.Path.StartsWithSegments("/v1/chat/completions");
        if (chat)
        {
            double roll;
            lock (random)
            {
                roll = random.NextDouble();
            }
            if (roll < FailureRate)
            {
                Interlocked.Increment(ref failed);
                if (roll < FailureRate / 2)
                {
                    context.Response.StatusCode = 500;
                    await context.Response.WriteAsync("""{"error": {"message": "injected failure", "type": "server_error"}}""");
                    return;
                }
                await Task.Delay(HangFor, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }
            await Task.Delay(Delay, context.RequestAborted);
            Interlocked.Increment(ref forwarded);
        }
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString);
        if (context.Request.ContentLength is > 0 || context.Request.Headers.ContainsKey("Transfer-Encoding"))
        {
            request.Content = new StreamContent(context.Request.Body);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", context.Request.ContentType);
        }
        foreach (var header in new[] { "Authorization", "traceparent", "tracestate" })
        {
            if (context.Request.Headers.TryGetValue(header, out var value))
            {
                request.Headers.TryAddWithoutValidation(header, value.ToString());
            }
        }
        using var response = await upstream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        if (response.Content.Headers.ContentType is { } type)
        {
            context.Response.ContentType = type.ToString();
        }
        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}
