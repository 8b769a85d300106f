using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Grpc.Net.Client;

namespace InstructLab.Aspire.Contracts.Security;

/// <summary>
/// The suite's API key: every gRPC service (taxonomy, generation, judging, training) takes calls only with
/// <c>authorization: Bearer KEY</c>. The AppHost generates it on first run (the secret parameter
/// <see cref="ParameterName"/>) and passes it to each service as <see cref="Setting"/>; services calling each other and
/// lab send it on every call.
/// </summary>
public static class SuiteApiKey
{
    /// <summary>The setting that holds the key in each gRPC service.</summary>
    public const string Setting = "Suite:ApiKey";

    /// <summary>The AppHost's secret parameter (in its user secrets as <c>Parameters:suite-api-key</c>).</summary>
    public const string ParameterName = "suite-api-key";

    /// <summary>A channel to a suite service that sends <paramref name="apiKey"/> on every call (none: no header).</summary>
    public static GrpcChannel Channel(Uri address, string? apiKey, GrpcChannelOptions? options = null)
    {
        options ??= new GrpcChannelOptions();
        if (apiKey is { Length: > 0 })
        {
            options.HttpHandler = new BearerHandler(apiKey) { InnerHandler = options.HttpHandler ?? new SocketsHttpHandler { EnableMultipleHttp2Connections = true } };
        }
        return GrpcChannel.ForAddress(address, options);
    }

    /// <summary>Whether an <c>authorization</c> header carries <paramref name="key"/> as a bearer token, compared in constant time.</summary>
    public static bool Matches(string? authorization, string key)
    {
        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        // Hashes of equal length: the comparison takes as long whatever the given token's length.
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(authorization[scheme.Length..].Trim())), SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    private sealed class BearerHandler(string apiKey) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
