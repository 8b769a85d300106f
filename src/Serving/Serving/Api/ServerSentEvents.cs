using System.Text.Json.Nodes;
using InstructLab.Aspire.Serving.Inference;
using Microsoft.AspNetCore.Http;

namespace InstructLab.Aspire.Serving.Api;

/// <summary>OpenAI's streaming format: <c>data: {json}</c> events, ended by <c>data: [DONE]</c>.</summary>
internal static class ServerSentEvents
{
    public static void Start(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
    }

    public static async Task WriteAsync(HttpResponse response, JsonNode data, CancellationToken cancellationToken)
    {
        await response.WriteAsync($"data: {data.ToJsonString()}\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    public static async Task DoneAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        await response.WriteAsync("data: [DONE]\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// Streams a run: one chunk per event (<paramref name="chunkOf"/> may skip one with null); then, when asked, the usage
    /// chunk (empty <c>choices</c>); then <c>[DONE]</c>. A failure mid-stream becomes an error event.
    /// </summary>
    public static async Task StreamRunAsync(HttpResponse response, GenerationRun run, Func<GenerationEvent, JsonObject?> chunkOf,
        JsonObject? usageChunk, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in run.ReadAllAsync())
            {
                if (chunkOf(item) is { } chunk)
                {
                    await WriteAsync(response, chunk, cancellationToken);
                }
            }
        }
        catch (ServingException error)
        {
            await ErrorAsync(response, error, cancellationToken);
            return;
        }
        if (usageChunk is not null)
        {
            usageChunk["choices"] = new JsonArray();
            usageChunk["usage"] = OpenAiJson.Usage(run);
            await WriteAsync(response, usageChunk, cancellationToken);
        }
        await DoneAsync(response, cancellationToken);
    }

    /// <summary>An error after the stream started: the status is already sent, so the error goes as an event.</summary>
    public static async Task ErrorAsync(HttpResponse response, ServingException error, CancellationToken cancellationToken)
    {
        await response.WriteAsync($"data: {OpenAiErrors.Serialize(error)}\n\n", cancellationToken);
        await DoneAsync(response, cancellationToken);
    }
}
