namespace InstructLab.Aspire.ChatClients;

/// <summary>An OpenAI-compatible chat endpoint as the teacher or the judge.</summary>
public interface IChatEndpoint
{
    /// <summary>The model the endpoint answers with, as named in requests and cache keys.</summary>
    string Model { get; }

    /// <summary>Whether calls with a schema are sent as <c>response_format: json_schema</c> (asked once, then kept).</summary>
    Task<bool> UsesStructuredOutputAsync(CancellationToken cancellationToken);

    Task<ChatAnswer> CompleteAsync(ChatCall call, CancellationToken cancellationToken);
}
