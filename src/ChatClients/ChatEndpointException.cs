namespace InstructLab.Aspire.ChatClients;

/// <summary>An endpoint answered with an error after all retries; names the endpoint, never its key.</summary>
public sealed class ChatEndpointException(ChatEndpointOptions endpoint, int status, string detail, Exception? inner = null)
    : Exception($"chat endpoint {endpoint.DisplayUrl} (model {endpoint.Model}) answered {status}: {detail}", inner)
{
    /// <summary>HTTP status; 0 when no answer came.</summary>
    public int Status { get; } = status;

    /// <summary>The endpoint refused the call because prompt and completion would not fit its context.</summary>
    public bool ContextLengthExceeded => Status == 400
        && (detail.Contains("context_length_exceeded", StringComparison.Ordinal) || detail.Contains("maximum context length", StringComparison.OrdinalIgnoreCase));
}
