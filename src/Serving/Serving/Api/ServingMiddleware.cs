using System.Security.Cryptography;
using System.Text;
using InstructLab.Aspire.Serving.Inference;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InstructLab.Aspire.Serving.Api;

/// <summary>
/// In front of the API: body size limit (413), Bearer API keys (401), and every failure answered in OpenAI's error
/// envelope. <c>/health</c>, <c>/alive</c> and <c>/metrics</c> are open.
/// </summary>
internal sealed class ServingMiddleware(RequestDelegate next, IOptions<ServingOptions> options, ILogger<ServingMiddleware> logger)
{
    private readonly byte[][] keys = [.. options.Value.ApiKeys.Where(k => k.Length > 0).Select(Encoding.UTF8.GetBytes)];

    public async Task InvokeAsync(HttpContext http)
    {
        if (!IsApi(http.Request.Path))
        {
            await next(http);
            return;
        }
        var status = "ok";
        try
        {
            Authorize(http.Request);
            LimitBody(http);
            await next(http);
        }
        catch (ServingException error)
        {
            status = error.Code ?? error.Type;
            await OpenAiErrors.WriteAsync(http, error);
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            status = "request_too_large";
            await OpenAiErrors.WriteAsync(http, TooLarge());
        }
        catch (BadHttpRequestException error)
        {
            status = "bad_request";
            await OpenAiErrors.WriteAsync(http, ServingException.BadRequest($"The request could not be read: {error.Message}"));
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            status = "client_closed";
        }
        catch (QueueFullException error)
        {
            status = "server_overloaded";
            await OpenAiErrors.WriteAsync(http, ServingException.Overloaded(error.Message));
        }
        catch (Exception error)
        {
            status = "server_error";
            logger.LogError(error, "{Method} {Path} failed", http.Request.Method, http.Request.Path);
            await OpenAiErrors.WriteAsync(http, new ServingException(500, "The server failed to answer this request; see its log.", "server_error"));
        }
        finally
        {
            // The route's pattern, not the path: /v1/models/{id} must not make one series per id a client tries.
            var endpoint = (http.GetEndpoint() as Microsoft.AspNetCore.Routing.RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            ServingTelemetry.Requests.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint), new KeyValuePair<string, object?>("status", status));
        }
    }

    private static bool IsApi(PathString path) =>
        path.StartsWithSegments("/v1") || path.StartsWithSegments("/tokenize") || path.StartsWithSegments("/detokenize")
        || path.StartsWithSegments("/apply-template");

    private void Authorize(HttpRequest request)
    {
        if (keys.Length == 0)
        {
            return;
        }
        var header = request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw new ServingException(401, "This server needs an API key: send 'Authorization: Bearer <key>'.", ServingException.InvalidRequest, null, "missing_api_key");
        }
        var given = Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim());
        if (!keys.Any(key => CryptographicOperations.FixedTimeEquals(key, given)))
        {
            throw new ServingException(401, "The API key is not valid for this server.", ServingException.InvalidRequest, null, "invalid_api_key");
        }
    }

    private void LimitBody(HttpContext http)
    {
        var limit = options.Value.MaxRequestBodyBytes;
        if (http.Request.ContentLength > limit)
        {
            throw TooLarge();
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }
    }

    private ServingException TooLarge() =>
        new(413, $"The request body is larger than this server takes ({options.Value.MaxRequestBodyBytes:N0} bytes; Serving:MaxRequestBodyBytes).", ServingException.InvalidRequest, null, "request_too_large");
}
