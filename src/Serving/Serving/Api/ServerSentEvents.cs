using System.Text.Json.Nodes;
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

    /// <summary>An error after the stream started: the status is already sent, so the error goes as an event.</summary>
    public static async Task ErrorAsync(HttpResponse response, ServingException error, CancellationToken cancellationToken)
    {
        await response.WriteAsync($"data: {OpenAiErrors.Serialize(error)}\n\n", cancellationToken);
        await DoneAsync(response, cancellationToken);
    }
}
