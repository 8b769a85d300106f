using System.Collections.Concurrent;
using StackExchange.Redis;

namespace InstructLab.Aspire.ChatClients;

/// <summary>
/// One endpoint client per (URL, model, key, settings) in a process, so every caller of an endpoint shares its
/// concurrency limit; answers cached in Redis when a cache is given. An endpoint named without a model answers with
/// its preferred model if it lists it, else the first it lists.
/// </summary>
public sealed class ChatEndpointRegistry(IDatabase? cache, TimeSpan cacheTimeToLive) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<Entry>>> endpoints = new(StringComparer.Ordinal);

    public async Task<IChatEndpoint> GetAsync(ChatEndpointOptions options, CancellationToken cancellationToken)
    {
        var lazy = endpoints.GetOrAdd(options.Identity, _ => new Lazy<Task<Entry>>(() => CreateAsync(options)));
        try
        {
            return (await lazy.Value.WaitAsync(cancellationToken)).Endpoint;
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            // A failed model lookup (endpoint still starting, say) is asked again next time.
            endpoints.TryRemove(new KeyValuePair<string, Lazy<Task<Entry>>>(options.Identity, lazy));
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var lazy in endpoints.Values.Where(l => l.IsValueCreated && l.Value.IsCompletedSuccessfully))
        {
            lazy.Value.Result.Client.Dispose();
            lazy.Value.Result.Version.Dispose();
        }
    }

    private async Task<Entry> CreateAsync(ChatEndpointOptions options)
    {
        var resolved = options.Model is "" ? options with { Model = await EndpointModels.ChooseAsync(options, CancellationToken.None) } : options;
        var client = new OpenAiChatEndpoint(resolved);
        var version = new ModelVersion(resolved, TimeProvider.System);
        IChatEndpoint endpoint = cache is null ? client : new CachingChatEndpoint(client, cache, cacheTimeToLive, resolved.DisplayUrl, version.GetAsync);
        return new Entry(client, endpoint, version);
    }

    private sealed record Entry(OpenAiChatEndpoint Client, IChatEndpoint Endpoint, ModelVersion Version);
}
