using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;

namespace InstructLab.Aspire.Hub;

/// <summary>
/// Talks to a Hugging Face hub (or a mirror) and to plain download servers. Redirects are followed here, not by the
/// handler, so the token goes to the hub's own host only, never to the storage a file redirects to.
/// </summary>
public sealed class HubClient(HttpClient http, HubSettings settings)
{
    private const int MaxRedirects = 10;

    public HubSettings Settings => settings;

    /// <summary>The files of <paramref name="repository"/> at <paramref name="revision"/> (the hub's model API).</summary>
    public async Task<IReadOnlyList<string>> ListFilesAsync(string repository, string revision, CancellationToken cancellationToken)
    {
        var url = new Uri(settings.Endpoint, $"api/models/{repository}/revision/{Uri.EscapeDataString(revision)}");
        using var response = await SendAsync(HttpMethod.Get, url, null, repository, cancellationToken, repository);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        return json.RootElement.TryGetProperty("siblings", out var siblings) && siblings.ValueKind == JsonValueKind.Array
            ? [.. siblings.EnumerateArray().Select(s => s.TryGetProperty("rfilename", out var name) ? name.GetString() : null).OfType<string>()]
            : throw new HubException($"{settings.Endpoint.Host} answered the file list of {repository} without 'siblings'; is HF_ENDPOINT a Hugging Face hub?");
    }

    /// <summary>Where a repository's file is and what the hub says of it (a HEAD of its resolve URL, redirects followed).</summary>
    public async Task<RemoteFile> ResolveAsync(string repository, string file, string revision, CancellationToken cancellationToken)
    {
        var url = new Uri(settings.Endpoint, $"{repository}/resolve/{Uri.EscapeDataString(revision)}/{string.Join('/', file.Split('/').Select(Uri.EscapeDataString))}");
        var source = $"{repository}/{file} ({revision})";
        // The hub's own answer says what the file is (X-Linked-Etag, X-Linked-Size) and, for a large file, where it is
        // stored (a redirect); the storage's answer says neither.
        using var response = await SendAsync(HttpMethod.Head, url, null, source, cancellationToken, repository, followRedirects: false);
        var location = response.Headers.Location is { } to ? (to.IsAbsoluteUri ? to : new Uri(url, to)) : url;
        return new RemoteFile(Path.GetFileName(file), source, location, Size(response), LinkedSha256(response));
    }

    /// <summary>A plain URL: HEAD for its size and final address (a server that refuses HEAD is asked with GET later).</summary>
    public async Task<RemoteFile> ResolveUrlAsync(Uri url, string? sha256, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(url.AbsolutePath) is { Length: > 0 } last ? Uri.UnescapeDataString(last) : "model.gguf";
        try
        {
            using var response = await SendAsync(HttpMethod.Head, url, null, Redact(url), cancellationToken);
            return new RemoteFile(name, Redact(url), response.RequestMessage!.RequestUri!, Size(response), sha256 ?? LinkedSha256(response));
        }
        catch (HubException) when (!IsHub(url))
        {
            return new RemoteFile(name, Redact(url), url, null, sha256);
        }
    }

    /// <summary>
    /// Sends a request, following up to ten redirects (the token only to the hub's host); a failure becomes a
    /// <see cref="HubException"/> that says what to do, except 5xx, 429 and broken connections (<see cref="HttpRequestException"/>), which are worth retrying.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, RangeHeaderValue? range, string what, CancellationToken cancellationToken,
        string? repository = null, bool followRedirects = true)
    {
        for (var redirects = 0; ; redirects++)
        {
            using var request = new HttpRequestMessage(method, url);
            request.Headers.Range = range;
            request.Headers.UserAgent.ParseAdd("instructlab-aspire-lab/1.0");
            if (settings.Token is { } token && IsHub(url))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            }
            catch (HttpRequestException e) when (Unreachable(e))
            {
                throw new HubException($"cannot reach {url.Host} ({e.InnerException?.Message ?? e.Message}): this machine looks offline. "
                    + $"Download {what} on a machine with internet and copy it into the model folder, or set HF_ENDPOINT to a mirror you can reach.", e);
            }
            if (!followRedirects && (int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is not null)
            {
                return response;
            }
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                response.Dispose();
                if (redirects == MaxRedirects)
                {
                    throw new HubException($"{what}: more than {MaxRedirects} redirects");
                }
                url = location.IsAbsoluteUri ? location : new Uri(url, location);
                continue;
            }
            if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                return response;
            }
            var status = (int)response.StatusCode;
            response.Dispose();
            throw status switch
            {
                401 or 403 when IsHub(url) => new HubException(settings.Token is null
                    ? $"{what}: the hub answered {status}: the repository is gated or private. Accept its licence at {new Uri(settings.Endpoint, repository ?? "")} and set HF_TOKEN to a token of yours (https://huggingface.co/settings/tokens)"
                    : $"{what}: the hub answered {status} with the token in HF_TOKEN: the token has no access to this repository (accept its licence with the token's account, or use a token with read access)"),
                404 => new HubException($"{what}: not found ({status}); check the repository, file and revision (lab model download REPO lists a repository's GGUF files when --file is left out)"),
                429 or >= 500 => new HttpRequestException($"{what}: the server answered {status}", null, response.StatusCode),
                _ => new HubException($"{what}: the server answered {status} {response.ReasonPhrase}"),
            };
        }
    }

    private bool IsHub(Uri url) => string.Equals(url.Host, settings.Endpoint.Host, StringComparison.OrdinalIgnoreCase) && url.Port == settings.Endpoint.Port;

    private static long? Size(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Linked-Size", out var linked) && long.TryParse(linked.First(), out var size) ? size : response.Content.Headers.ContentLength;

    /// <summary>An LFS file's SHA-256, which the hub gives as its (linked) ETag.</summary>
    private static string? LinkedSha256(HttpResponseMessage response)
    {
        var etag = response.Headers.TryGetValues("X-Linked-Etag", out var linked) ? linked.First() : response.Headers.ETag?.Tag;
        var value = etag?.Replace("W/", "", StringComparison.Ordinal).Trim('"').ToLowerInvariant();
        return value is { Length: 64 } && value.All(Uri.IsHexDigit) ? value : null;
    }

    private static bool Unreachable(HttpRequestException e) =>
        e.InnerException is SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.ConnectionRefused or SocketError.NetworkUnreachable or SocketError.HostUnreachable or SocketError.TryAgain }
        || e.HttpRequestError is HttpRequestError.NameResolutionError;

    internal static string Redact(Uri url) => $"{url.Scheme}://{url.Authority}{url.AbsolutePath}";
}
