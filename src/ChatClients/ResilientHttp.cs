using System.Net;
using InstructLab.Aspire.Contracts.Security;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace InstructLab.Aspire.ChatClients;

/// <summary>
/// The HTTP client under an endpoint: each attempt bounded in time, a 429, 5xx, 408, timeout or broken connection
/// retried with jittered exponential backoff (honouring Retry-After). A teacher call is safe to repeat: the same
/// seed asks for the same answer.
/// </summary>
internal static class ResilientHttp
{
    public static HttpClient Create(ChatEndpointOptions options)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = TimeSpan.FromSeconds(30),
                ShouldRetryAfterHeader = true,
            });
        }
        var pipeline = builder.AddTimeout(options.AttemptTimeout).Build();
        var handler = new ResilienceHandler(pipeline)
        {
            InnerHandler = OutboundUrls.Guarded(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All, PooledConnectionLifetime = TimeSpan.FromMinutes(5) }),
        };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The longest a call can take: every attempt timing out, with the longest backoffs between them.</summary>
    public static TimeSpan WorstCase(ChatEndpointOptions options)
    {
        var retried = options.AttemptTimeout * (options.MaxRetries + 1) + TimeSpan.FromSeconds(30) * options.MaxRetries;
        return retried < options.MaxCallTime ? retried : options.MaxCallTime;
    }

    /// <summary>A token that ends the call at <see cref="ChatEndpointOptions.MaxCallTime"/>, or with the caller's.</summary>
    public static CancellationTokenSource Bounded(ChatEndpointOptions options, CancellationToken cancellationToken)
    {
        var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(options.MaxCallTime);
        return bounded;
    }
}
