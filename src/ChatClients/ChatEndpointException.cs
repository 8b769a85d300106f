namespace InstructLab.Aspire.ChatClients;

/// <summary>An endpoint answered with an error after all retries; names the endpoint, never its key.</summary>
public sealed class ChatEndpointException(ChatEndpointOptions endpoint, int status, string detail, Exception? inner = null)
    : Exception($"chat endpoint {endpoint.DisplayUrl} (model {endpoint.Model}) answered {status}: {detail}", inner)
{
    /// <summary>HTTP status; 0 when no answer came.</summary>
    public int Status { get; } = status;
}
