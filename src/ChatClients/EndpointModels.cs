using System.ClientModel;
using OpenAI;

namespace InstructLab.Aspire.ChatClients;

/// <summary>
/// The models an OpenAI-compatible endpoint lists (<c>GET /v1/models</c>): to check a model id before a long run uses
/// it, and to choose one for an endpoint named without a model.
/// </summary>
public static class EndpointModels
{
    /// <summary>The endpoint's model: the one named, else the preferred one if listed, else the first listed.</summary>
    /// <exception cref="ChatEndpointException">The endpoint lists no model, refused or did not answer.</exception>
    public static async Task<string> ChooseAsync(ChatEndpointOptions options, CancellationToken cancellationToken)
    {
        if (options.Model is { Length: > 0 } named)
        {
            return named;
        }
        var listed = await ListAsync(options, cancellationToken);
        return Choose(listed, options.PreferredModel) ?? throw new ChatEndpointException(options, 404,
            "it lists no model. The suite's serving serves what `lab model download` fetches (the defaults without an argument) "
            + "and what `lab model publish FILE --id ID` sends, and a suite fetching its defaults at first start serves each when "
            + "it is done (the serving resource's Default models says how far); another server needs a model of its own");
    }

    /// <summary>The preferred model if <paramref name="listed"/> holds it, else the first; null for none.</summary>
    public static string? Choose(IReadOnlyList<string> listed, string preferred) =>
        preferred is { Length: > 0 } && listed.Contains(preferred, StringComparer.Ordinal) ? preferred : listed.FirstOrDefault();

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
