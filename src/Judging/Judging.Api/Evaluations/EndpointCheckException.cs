using InstructLab.Aspire.ChatClients;

namespace InstructLab.Aspire.Judging.Api.Evaluations;

/// <summary>An endpoint of a request refused before the evaluation started (a wrong key, an unknown model, no answer); names the request's field.</summary>
public sealed class EndpointCheckException(string field, string message, ChatEndpointException? inner = null) : Exception($"{field}: {message}", inner)
{
    /// <summary>The endpoint did not answer at all.</summary>
    public bool Unreachable => inner?.Status == 0;
}
