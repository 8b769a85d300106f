using InstructLab.Aspire.ChatClients;
using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Contracts.Security;
using InstructLab.Aspire.Contracts.Suite.V1;
using InstructLab.Aspire.Hub;
using Microsoft.Extensions.Configuration;
using StackExchange.Redis;

namespace InstructLab.Aspire.Hosting.Endpoints;

/// <summary>
/// Turns a request's <see cref="ChatEndpoint"/> and the service's settings into an endpoint client, shared by every
/// caller in the process (one concurrency limit per endpoint) and cached in Redis. A request without a URL gets the
/// configured endpoint and its key; a request with a URL gets only the key it brings, so the suite's key never goes
/// to another server.
/// </summary>
public sealed class ChatEndpointResolver(IConfiguration configuration, IConnectionMultiplexer redis, ChatCacheSettings cache) : IDisposable
{
    private readonly ChatEndpointRegistry registry = new(cache.Enabled ? redis.GetDatabase() : null, cache.TimeToLive);

    public Task<IChatEndpoint> GetAsync(ChatEndpoint? requested, ChatEndpointSettings configured, CancellationToken cancellationToken) =>
        registry.GetAsync(Options(requested, configured), cancellationToken);

    /// <summary>The endpoint a request gets; throws <see cref="ArgumentException"/> naming what is wrong.</summary>
    public ChatEndpointOptions Options(ChatEndpoint? requested, ChatEndpointSettings configured)
    {
        var own = requested is null || requested.Url is "";
        var url = own ? ConfiguredUrl(configured) : ParseUrl(requested!.Url, "url");
        return new ChatEndpointOptions
        {
            Url = url,
            // The configured model belongs to the configured endpoint: another server gets its own first (or the preferred) model.
            Model = requested?.Model is { Length: > 0 } model ? model : own ? configured.Model : "",
            // The suite's downloaded teacher (and judge) when nothing names a model and the endpoint has it.
            PreferredModel = DefaultModels.Teacher.Id,
            ApiKey = own ? configured.ApiKey : requested!.ApiKey,
            MaxConcurrency = requested?.MaxConcurrency is > 0 and var concurrency ? concurrency : configured.MaxConcurrency,
            StructuredOutput = requested?.StructuredOutput switch
            {
                StructuredOutput.Always => StructuredOutputMode.Always,
                StructuredOutput.Never => StructuredOutputMode.Never,
                _ => configured.StructuredOutput,
            },
            AttemptTimeout = configured.AttemptTimeout,
            MaxRetries = configured.MaxRetries,
            MaxCallTime = configured.MaxCallTime,
            RetryDelay = configured.RetryDelay,
        };
    }

    public void Dispose() => registry.Dispose();

    private Uri ConfiguredUrl(ChatEndpointSettings configured)
    {
        if (configured.Url is { Length: > 0 } url)
        {
            return ParseUrl(url, "the configured url");
        }
        // Aspire's service discovery configuration: services:<name>:<endpoint>:<index>.
        var discovered = configuration[$"services:{ResourceNames.Serving}:http:0"] ?? configuration[$"services:{ResourceNames.Serving}:https:0"];
        return discovered is { Length: > 0 }
            ? ParseUrl(discovered, $"services:{ResourceNames.Serving}:http:0")
            : throw new ArgumentException($"no endpoint URL given and the suite's serving service is not configured (services:{ResourceNames.Serving}:http:0)");
    }

    private Uri ParseUrl(string url, string what) =>
        OutboundUrls.Check(url, what, configuration.GetSection(OutboundUrls.AllowListSetting).Get<string[]>());
}
