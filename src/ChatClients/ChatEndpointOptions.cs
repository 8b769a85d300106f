using InstructLab.Aspire.Contracts.Security;
namespace InstructLab.Aspire.ChatClients;

/// <summary>Where a teacher or judge endpoint is and how hard to use it.</summary>
public sealed record ChatEndpointOptions
{
    /// <summary>Base URL of the OpenAI-compatible API, with or without <c>/v1</c>.</summary>
    public required Uri Url { get; init; }

    /// <summary>Model id sent in each request; empty: <see cref="PreferredModel"/> or the first model the endpoint lists (see <see cref="EndpointModels.ChooseAsync"/>).</summary>
    public string Model { get; init; } = "";

    /// <summary>When <see cref="Model"/> is empty: this one if the endpoint lists it (the suite's downloaded default), else its first.</summary>
    public string PreferredModel { get; init; } = "";

    /// <summary>Bearer key; empty for an endpoint that takes none. Never logged.</summary>
    public string ApiKey { get; init; } = "";

    public StructuredOutputMode StructuredOutput { get; init; } = StructuredOutputMode.Auto;

    /// <summary>Requests in flight at once from this process; match the endpoint's batch size to keep it full.</summary>
    public int MaxConcurrency { get; init; } = 16;

    /// <summary>Limit on one attempt; a slower answer counts as a failure and is retried.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Retries of a 429, a 5xx, a timeout or a broken connection, with jittered exponential backoff.</summary>
    public int MaxRetries { get; init; } = 6;

    /// <summary>First backoff delay; later ones grow exponentially.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest one call may take, its retries and their backoff included (waiting for a free slot not).</summary>
    public TimeSpan MaxCallTime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>After an endpoint said it has no structured output, how long until it is asked again.</summary>
    public TimeSpan StructuredOutputProbeRetry { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>What tells endpoint clients apart (one client, one concurrency limit per identity); the key only as a hash.</summary>
    public string Identity
    {
        get
        {
            var key = ApiKey is "" ? "" : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(ApiKey)));
            return string.Join('\u001f', ApiUrl, Model, PreferredModel, key, StructuredOutput, MaxConcurrency, AttemptTimeout, MaxRetries, RetryDelay, MaxCallTime);
        }
    }

    /// <summary>The URL for messages, logs and traces: no user information, query or fragment.</summary>
    public string DisplayUrl => OutboundUrls.Redact(Url.ToString());

    /// <summary>The base URL with <c>/v1</c>, as the OpenAI SDK expects it.</summary>
    public Uri ApiUrl => Url.AbsolutePath.TrimEnd('/').EndsWith("/v1", StringComparison.Ordinal)
        ? Url
        : new Uri(Url, Url.AbsolutePath.TrimEnd('/') + "/v1");
}
