namespace InstructLab.Aspire.Hub;

/// <summary>
/// Where the hub is and who asks, read as huggingface_hub reads them: <c>HF_ENDPOINT</c> (a mirror; default
/// https://huggingface.co) and <c>HF_TOKEN</c> (or the older <c>HUGGING_FACE_HUB_TOKEN</c>) for gated and private repositories.
/// </summary>
public sealed record HubSettings(Uri Endpoint, string? Token)
{
    public static readonly Uri DefaultEndpoint = new("https://huggingface.co/");

    public static HubSettings FromEnvironment(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var endpoint = environment("HF_ENDPOINT") is { Length: > 0 } configured
            ? Uri.TryCreate(configured.TrimEnd('/') + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri
                : throw new HubException($"HF_ENDPOINT '{configured}' is not an http(s) URL")
            : DefaultEndpoint;
        var token = environment("HF_TOKEN") is { Length: > 0 } given ? given : environment("HUGGING_FACE_HUB_TOKEN");
        return new HubSettings(endpoint, token is { Length: > 0 } ? token : null);
    }
}
