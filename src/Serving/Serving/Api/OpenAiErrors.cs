using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace InstructLab.Aspire.Serving.Api;

/// <summary>Writes OpenAI's error envelope: <c>{"error": {"message", "type", "param", "code"}}</c>.</summary>
internal static class OpenAiErrors
{
    public static async Task WriteAsync(HttpContext context, ServingException error)
    {
        if (context.Response.HasStarted)
        {
            return;
        }
        context.Response.StatusCode = error.Status;
        if (error.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (error.Status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(Serialize(error), context.RequestAborted);
    }

    public static string Serialize(ServingException error) => JsonSerializer.Serialize(new
    {
        error = new { message = error.Message, type = error.Type, param = error.Param, code = error.Code },
    });
}
