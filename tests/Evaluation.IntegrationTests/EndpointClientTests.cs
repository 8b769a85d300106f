using System.Net;
using System.Text.Json.Nodes;
using InstructLab.Aspire.ChatClients;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using static InstructLab.Aspire.Evaluations.IntegrationTests.Evaluations;

namespace InstructLab.Aspire.Evaluations.IntegrationTests;

/// <summary>
/// The chat client of OpenAI-compatible endpoints: the structured-output probe is not remembered when it failed (a
/// 5xx), and a "no" is asked again after a while (an endpoint that had a bad moment, or was upgraded, gets structured
/// output); a call that gets no answer ends at its total time, retries included.
/// </summary>
public sealed class EndpointClientTests
{
    [Fact]
    public async Task AFailedProbeIsAskedAgainOnTheNextCall()
    {
        await using var server = await ScriptedEndpoint.StartAsync(500, 200);
        var endpoint = new OpenAiChatEndpoint(Options(server, TimeSpan.FromMinutes(5)));

        var failed = await Assert.ThrowsAsync<ChatEndpointException>(() => endpoint.UsesStructuredOutputAsync(Cancel));
        Assert.Equal(500, failed.Status);
        Assert.True(await endpoint.UsesStructuredOutputAsync(Cancel));
        Assert.Equal(2, server.Calls);
    }

    [Fact]
    public async Task ANoIsAskedAgainAfterTheRetryTimeAndAYesIsKept()
    {
        await using var server = await ScriptedEndpoint.StartAsync(400, 200);
        var endpoint = new OpenAiChatEndpoint(Options(server, TimeSpan.FromMilliseconds(500)));

        Assert.False(await endpoint.UsesStructuredOutputAsync(Cancel));
        Assert.False(await endpoint.UsesStructuredOutputAsync(Cancel));
        Assert.Equal(1, server.Calls);
        await Task.Delay(700, Cancel);
        Assert.True(await endpoint.UsesStructuredOutputAsync(Cancel));
        await Task.Delay(700, Cancel);
        Assert.True(await endpoint.UsesStructuredOutputAsync(Cancel));
        Assert.Equal(2, server.Calls);
    }

    [Fact]
    public async Task ACallThatGetsNoAnswerEndsAtItsTotalTimeRetriesIncluded()
    {
        await using var server = await ScriptedEndpoint.StartAsync(0);
        var endpoint = new OpenAiChatEndpoint(Options(server, TimeSpan.FromMinutes(5)) with
        {
            AttemptTimeout = TimeSpan.FromSeconds(20),
            MaxRetries = 6,
            MaxCallTime = TimeSpan.FromSeconds(1),
            StructuredOutput = StructuredOutputMode.Never,
        });
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ChatEndpointException>(() => endpoint.CompleteAsync(new ChatCall { Messages = [ChatTurn.User("hi")] }, Cancel));

        Assert.Contains("no answer within 00:00:01 (MaxCallTime, retries included)", error.Message);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 10);
    }

    private static ChatEndpointOptions Options(ScriptedEndpoint server, TimeSpan retry) =>
        new() { Url = server.Address, Model = "m", MaxRetries = 0, StructuredOutputProbeRetry = retry };

    /// <summary>An OpenAI-compatible endpoint answering its chat calls with the given statuses in turn (the last repeats); a 200 is {"ok": true}.</summary>
    private sealed class ScriptedEndpoint : IAsyncDisposable
    {
        private readonly WebApplication app;
        private int calls;

        private ScriptedEndpoint(WebApplication app, int[] statuses)
        {
            this.app = app;
            app.Run(async context =>
            {
                var call = Interlocked.Increment(ref calls);
                var status = statuses[Math.Min(call, statuses.Length) - 1];
                if (status == 0)
                {
                    // No answer: hold the request until the client gives up.
                    await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                    return;
                }
                context.Response.StatusCode = status;
                await context.Response.WriteAsJsonAsync(status == 200
                    ? new JsonObject
                    {
                        ["id"] = "chatcmpl-1",
                        ["object"] = "chat.completion",
                        ["created"] = 0,
                        ["model"] = "m",
                        ["choices"] = new JsonArray(new JsonObject
                        {
                            ["index"] = 0,
                            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = "{\"ok\": true}" },
                            ["finish_reason"] = "stop",
                        }),
                    }
                    : new JsonObject { ["error"] = new JsonObject { ["message"] = status == 400 ? "response_format json_schema is not supported" : "internal error" } });
            });
        }

        public Uri Address => new(app.Urls.First());

        public int Calls => Volatile.Read(ref calls);

        public static async Task<ScriptedEndpoint> StartAsync(params int[] statuses)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.Configuration.Sources.Clear();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            var endpoint = new ScriptedEndpoint(builder.Build(), statuses);
            await endpoint.app.StartAsync();
            return endpoint;
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
