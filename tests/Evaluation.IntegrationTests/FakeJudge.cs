using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace InstructLab.Aspire.Evaluations.IntegrationTests;

/// <summary>
/// An external OpenAI-compatible judge that misbehaves as hosted ones do: it answers every chat with the same text
/// that holds no rating, or refuses every call with 401 (a wrong key). Counts the chat calls that reach it.
/// </summary>
public sealed class FakeJudge : IAsyncDisposable
{
    public const string Model = "fake-judge";

    private readonly WebApplication app;
    private int calls;

    private FakeJudge(WebApplication app, string answer, bool refuse)
    {
        this.app = app;
        app.Run(async context =>
        {
            if (refuse)
            {
                context.Response.StatusCode = 401;
                await context.Response.WriteAsync("""{"error": {"message": "Incorrect API key provided", "type": "invalid_request_error"}}""");
                return;
            }
            if (context.Request.Path.StartsWithSegments("/v1/models"))
            {
                await context.Response.WriteAsJsonAsync(new JsonObject { ["object"] = "list", ["data"] = new JsonArray(new JsonObject { ["id"] = Model, ["object"] = "model" }) });
                return;
            }
            Interlocked.Increment(ref calls);
            await context.Response.WriteAsJsonAsync(new JsonObject
            {
                ["id"] = "chatcmpl-fake",
                ["object"] = "chat.completion",
                ["created"] = 0,
                ["model"] = Model,
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = answer },
                    ["finish_reason"] = "stop",
                }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 5, ["total_tokens"] = 15 },
            });
        });
    }

    public Uri Address => new(app.Urls.First());

    public int Calls => Volatile.Read(ref calls);

    public static async Task<FakeJudge> StartAsync(string answer = "What a lovely answer; I have nothing to add.", bool refuse = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.Sources.Clear();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var judge = new FakeJudge(builder.Build(), answer, refuse);
        await judge.app.StartAsync();
        return judge;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
