using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using InstructLab.Aspire.Contracts.Security;

namespace InstructLab.Aspire.ChatClients;

/// <summary>
/// Which version of its model an endpoint serves, for cache keys: the <c>created</c> time of <c>GET
/// /v1/models/{id}</c> (the suite's serving sets it when a model is published, so a model re-published under the
/// same id gets a new one), asked at most every <see cref="Refresh"/>. Empty when the endpoint cannot say.
/// </summary>
internal sealed class ModelVersion(ChatEndpointOptions options, TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(15);

    private readonly HttpClient http = new(OutboundUrls.Guarded(new SocketsHttpHandler())) { Timeout = TimeSpan.FromSeconds(10) };
    private readonly SemaphoreSlim gate = new(1, 1);
    private string version = "";
    private long askedAt;
    private bool asked;

    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (!asked || clock.GetElapsedTime(askedAt) >= Refresh)
            {
                version = await AskAsync(cancellationToken);
                (asked, askedAt) = (true, clock.GetTimestamp());
            }
            return version;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose()
    {
        http.Dispose();
        gate.Dispose();
    }

    private async Task<string> AskAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(options.ApiUrl + "/models/" + Uri.EscapeDataString(options.Model)));
            if (options.ApiKey is { Length: > 0 } key)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }
            using var response = await http.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode && JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))?["created"] is JsonValue created
                ? created.ToJsonString()
                : "";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException && !cancellationToken.IsCancellationRequested)
        {
            return "";
        }
    }
}
