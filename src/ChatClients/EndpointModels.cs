using System.ClientModel;
using OpenAI;

namespace InstructLab.Aspire.ChatClients;

/// <summary>The models an OpenAI-compatible endpoint lists (<c>GET /v1/models</c>): to check a model id before a long run uses it.</summary>
public static class EndpointModels
{
    /// <exception cref="ChatEndpointException">The endpoint refused (401, 403 …) or did not answer.</exception>
    public static async Task<IReadOnlyList<string>> ListAsync(ChatEndpointOptions options, CancellationToken cancellationToken)
    {
        var client = new OpenAIClient(new ApiKeyCredential(options.ApiKey is "" ? "none" : options.ApiKey),
            new OpenAIClientOptions { Endpoint = options.ApiUrl, NetworkTimeout = TimeSpan.FromSeconds(30) });
        try
        {
            var models = (await client.GetOpenAIModelClient().GetModelsAsync(cancellationToken)).Value;
            return [.. models.Select(m => m.Id)];
        }
        catch (ClientResultException e)
        {
            throw new ChatEndpointException(options, e.Status, $"listing its models failed: {e.Message}", e);
        }
        catch (HttpRequestException e)
        {
            throw new ChatEndpointException(options, 0, $"no answer ({e.Message})", e);
        }
    }
}
