namespace InstructLab.Aspire.ChatClients;

/// <summary>An endpoint answered with an error after all retries; names the endpoint, never its key.</summary>
public sealed class ChatEndpointException(ChatEndpointOptions endpoint, int status, string detail, Exception? inner = null)
    : Exception($"chat endpoint {endpoint.DisplayUrl} ({(endpoint.Model is "" ? "no model named" : $"model {endpoint.Model}")}) answered {status}: {detail}", inner)
{
    /// <summary>HTTP status; 0 when no answer came.</summary>
    public int Status { get; } = status;

    /// <summary>
    /// The endpoint answered that the request itself is wrong (a 4xx other than 408 timeout and 429 too many requests:
    /// an unknown model, a bad key, a refused parameter): asking again will not help.
    /// </summary>
    public bool IsCallersMistake => Status is >= 400 and < 500 and not 408 and not 429;

    /// <summary>The endpoint refused the call because prompt and completion would not fit its context.</summary>
    public bool ContextLengthExceeded => Status == 400
        && (detail.Contains("context_length_exceeded", StringComparison.Ordinal) || detail.Contains("maximum context length", StringComparison.OrdinalIgnoreCase));
}
