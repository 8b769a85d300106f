using System.ClientModel;
using System.CommandLine;
using System.Text.Json.Nodes;
using InstructLab.Aspire.Cli.Suite;
using InstructLab.Aspire.Contracts;
using OpenAI;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary>
/// Where <c>lab model list|chat</c> find an OpenAI-compatible server and its key. URL: <c>--url</c>, else the suite's
/// serving (<c>--endpoint serving=URL</c>, <c>LAB_SERVING_URL</c>, the running AppHost's endpoints file). Key:
/// <c>--api-key</c>, else <c>LAB_API_KEY</c>, else <c>OPENAI_API_KEY</c>, else, for the suite, the key the AppHost
/// generated (its user secrets).
/// </summary>
internal static class ServingConnection
{
    public static readonly Option<string?> Url = new("--url")
    {
        Description = "An OpenAI-compatible server, e.g. http://127.0.0.1:8000 (default: the running suite's serving)",
    };

    public static readonly Option<string?> ApiKey = new("--api-key")
    {
        Description = "The server's API key [env: LAB_API_KEY, OPENAI_API_KEY; default for the suite: the key the AppHost generated]",
    };

    public static OpenAIClient Client(ParseResult parseResult, TimeSpan? timeout = null)
    {
        var (endpoint, fromSuite) = Locate(parseResult);
        var key = parseResult.GetValue(ApiKey)
            ?? Environment.GetEnvironmentVariable("LAB_API_KEY")
            ?? Environment.GetEnvironmentVariable("OPENAI_API_KEY")
            ?? (fromSuite ? AppHostSecrets.Parameter("serving-api-key") : null)
            ?? "none";
        return new OpenAIClient(new ApiKeyCredential(key), new OpenAIClientOptions
        {
            Endpoint = new Uri(endpoint, endpoint.AbsolutePath.TrimEnd('/').EndsWith("/v1", StringComparison.Ordinal) ? "" : "v1"),
            NetworkTimeout = timeout ?? TimeSpan.FromMinutes(10),
            RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(maxRetries: 1),
        });
    }

    private static (Uri Endpoint, bool FromSuite) Locate(ParseResult parseResult)
    {
        if (parseResult.GetValue(Url) is { } url)
        {
            return Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"
                ? (WithSlash(parsed), false)
                : throw new LabException($"--url '{url}' is not an http:// or https:// URL.");
        }
        var located = SuiteLocator.FromProcessEnvironment()
            .Locate([ResourceNames.Serving], parseResult.GetValue(GlobalOptions.Endpoints), parseResult.GetValue(GlobalOptions.EndpointsFile))[ResourceNames.Serving];
        return (WithSlash(located.Url), true);
    }

    private static Uri WithSlash(Uri url) => url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");

    /// <summary>Runs a call to the server; its failures become one line (the server's message, not a stack trace).</summary>
    public static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception error) when (error is ClientResultException or HttpRequestException or AggregateException)
        {
            throw Explain(error);
        }
    }

    private static LabException Explain(Exception error) => error switch
    {
        AggregateException { InnerExceptions.Count: > 0 } all => Explain(all.InnerExceptions[^1]),
        ClientResultException { Status: 0 } unreachable => new LabException($"cannot reach the server: {unreachable.Message}"),
        ClientResultException result => new LabException($"the server answered {result.Status}: {ServerMessage(result)}"),
        HttpRequestException http => new LabException($"cannot reach the server: {http.Message}"),
        _ => new LabException(error.Message),
    };

    private static string ServerMessage(ClientResultException error)
    {
        try
        {
            var body = error.GetRawResponse()?.Content.ToString();
            return body is { Length: > 0 } && JsonNode.Parse(body)?["error"]?["message"] is { } message ? (string)message! : error.Message;
        }
        catch (System.Text.Json.JsonException)
        {
            return error.Message;
        }
    }
}
