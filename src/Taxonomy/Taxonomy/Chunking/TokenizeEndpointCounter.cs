using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace InstructLab.Aspire.Taxonomy.Chunking;

/// <summary>
/// Counts with a serving endpoint's <c>POST /tokenize</c> (this suite's serving service, llama-server or vLLM): the
/// request carries the text both as llama-server's <c>content</c> and vLLM's <c>prompt</c>; the answer's <c>count</c>
/// or the length of its <c>tokens</c> is the count.
/// </summary>
public sealed class TokenizeEndpointCounter(HttpClient http, Uri baseAddress, string? model = null, string? apiKey = null) : ITokenCounter
{
    private readonly Uri endpoint = new(baseAddress.ToString().TrimEnd('/') + "/tokenize");

    public string Name => endpoint.ToString();

    public async ValueTask<int> CountAsync(string text, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = JsonContent.Create(new JsonObject
            {
                ["content"] = text,
                ["prompt"] = text,
                ["add_special"] = false,
                ["model"] = model,
            }),
        };
        if (!string.IsNullOrEmpty(apiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
        JsonNode? answer;
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            answer = await response.Content.ReadFromJsonAsync<JsonNode>(cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException)
        {
            throw new InvalidOperationException($"The tokenizer at {endpoint} failed: {e.Message}", e);
        }
        return answer?["count"]?.GetValue<int>()
            ?? (answer?["tokens"] as JsonArray)?.Count
            ?? throw new InvalidOperationException($"The tokenizer at {endpoint} answered without 'count' or 'tokens'.");
    }
}
