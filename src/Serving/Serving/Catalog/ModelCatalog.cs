using InstructLab.Aspire.Serving.Api;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InstructLab.Aspire.Serving.Catalog;

/// <summary>
/// The models this server knows by id. A model is loaded on its first request (or at start-up when configured to
/// preload) and unloaded, least recently used first, when the loaded files exceed the memory budget. Registering an
/// id again (a newly published version) serves new requests from the new file while running ones finish on the old.
/// </summary>
public sealed class ModelCatalog : IAsyncDisposable
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly ServingOptions options;
    private readonly ModelFiles files;
    private readonly ILogger<ModelCatalog> logger;
    private readonly TimeProvider clock;

    public ModelCatalog(IOptions<ServingOptions> options, ModelFiles files, ILogger<ModelCatalog> logger, TimeProvider clock)
    {
        this.options = options.Value;
        this.files = files;
        this.logger = logger;
        this.clock = clock;
        foreach (var (id, spec) in this.options.Models)
        {
            Register(id, spec);
        }
    }

    /// <summary>Models configured to preload that are not loaded yet (health is degraded while any remain).</summary>
    public int PendingPreloads { get; private set; }

    public IReadOnlyList<ModelInfo> List()
    {
        lock (gate)
        {
            return [.. entries.Values.OrderBy(e => e.Id, StringComparer.Ordinal).Select(e => new ModelInfo(e.Id, e.Registered, e.Loaded is not null, e.Spec))];
        }
    }

    /// <summary>Adds a model or replaces the source of an id; the old version is unloaded once its requests are done.</summary>
    public void Register(string id, ServedModelOptions spec)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new ArgumentException("A model id must not be empty.", nameof(id));
        }
        LoadedModel? replaced;
        lock (gate)
        {
            entries.TryGetValue(id, out var old);
            replaced = old?.Loaded;
            entries[id] = new Entry(id, spec, clock.GetUtcNow());
        }
        replaced?.Retire();
        logger.LogInformation("Model {Model} registered from {Source}", id, spec);
    }

    /// <summary>Adds a model unless its id is taken (a configured or published model keeps its id); true when added.</summary>
    public bool TryRegister(string id, ServedModelOptions spec)
    {
        lock (gate)
        {
            if (!entries.TryAdd(id, new Entry(id, spec, clock.GetUtcNow())))
            {
                return false;
            }
        }
        logger.LogInformation("Model {Model} registered from {Source}", id, spec);
        return true;
    }

    /// <summary>Forgets <paramref name="id"/> when <paramref name="registered"/> still says where it comes from; it unloads once its requests are done.</summary>
    public bool Remove(string id, Func<ServedModelOptions, bool> registered)
    {
        Entry? removed;
        lock (gate)
        {
            if (!entries.TryGetValue(id, out removed) || !registered(removed.Spec))
            {
                return false;
            }
            entries.Remove(id);
        }
        removed.Loaded?.Retire();
        logger.LogInformation("Model {Model} removed", id);
        return true;
    }

    /// <summary>Loads the models marked <see cref="ServedModelOptions.Preload"/>.</summary>
    public async Task PreloadAsync(CancellationToken cancellationToken)
    {
        var preload = List().Where(m => m.Spec.Preload).ToList();
        PendingPreloads = preload.Count;
        foreach (var model in preload)
        {
            using var lease = await AcquireAsync(model.Id, cancellationToken);
            PendingPreloads--;
        }
    }

    /// <summary>A lease on a loaded model; dispose it when the request is done.</summary>
    public async Task<ModelLease> AcquireAsync(string? id, CancellationToken cancellationToken)
    {
        while (true)
        {
            Entry entry;
            lock (gate)
            {
                id ??= options.DefaultModel ?? (entries.Count == 1 ? entries.Keys.First() : null)
                    ?? throw ServingException.BadRequest("'model' is required: this server has several models.", "model");
                if (!entries.TryGetValue(id, out entry!))
                {
                    entry = ArtifactModel(id) ?? throw ServingException.ModelNotFound(id, entries.Where(e => !e.Value.Spec.Hidden).Select(e => e.Key).Order(StringComparer.Ordinal));
                    entries[id] = entry;
                }
                entry.LastUsed = clock.GetTimestamp();
                entry.Loading ??= LoadAsync(entry);
            }
            LoadedModel model;
            try
            {
                model = await entry.Loading.WaitAsync(cancellationToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                lock (gate)
                {
                    if (entries.GetValueOrDefault(entry.Id) == entry)
                    {
                        entry.Loading = null;
                    }
                }
                throw new ServingException(503, $"The model '{entry.Id}' could not be loaded: {error.Message}", "server_error", "model", "model_load_failed") { RetryAfterSeconds = 5 };
            }
            if (model.TryAcquire())
            {
                return new ModelLease(model);
            }
            // Replaced or unloaded between the lookup and the lease: look again.
        }
    }

    /// <summary>
    /// <c>artifact:KEY</c>: a GGUF in the artifact store served by that id without being published (evaluating a
    /// training checkpoint), hidden from <c>/v1/models</c>; null for any other unknown id.
    /// </summary>
    private Entry? ArtifactModel(string id)
    {
        if (!id.StartsWith(ArtifactModelPrefix, StringComparison.Ordinal))
        {
            return null;
        }
        var key = id[ArtifactModelPrefix.Length..];
        if (key.Length == 0 || key.StartsWith('/') || key.Split('/').Any(segment => segment is "" or "." or "..") || key.Any(char.IsControl))
        {
            throw ServingException.BadRequest($"'{id}' does not name an artifact key (relative, no empty, '.' or '..' segments).", "model");
        }
        logger.LogInformation("Model {Model} registered on request, hidden", id);
        return new Entry(id, new ServedModelOptions { ArtifactKey = key, Hidden = true }, clock.GetUtcNow());
    }

    /// <summary>The prefix of model ids that name a GGUF in the artifact store.</summary>
    public const string ArtifactModelPrefix = "artifact:";

    public async ValueTask DisposeAsync()
    {
        List<Entry> all;
        lock (gate)
        {
            all = [.. entries.Values];
            entries.Clear();
        }
        foreach (var entry in all)
        {
            entry.Loaded?.Retire();
        }
        await Task.CompletedTask;
    }

    private async Task<LoadedModel> LoadAsync(Entry entry)
    {
        await Task.Yield();
        var path = await files.ResolveAsync(entry.Id, entry.Spec, CancellationToken.None);
        MakeRoom(new FileInfo(path).Length, entry);
        var model = await Task.Run(() => LoadedModel.Load(entry.Id, path, entry.Spec, options, logger));
        bool current;
        lock (gate)
        {
            current = entries.GetValueOrDefault(entry.Id) == entry;
            if (current)
            {
                entry.Loaded = model;
            }
        }
        if (!current)
        {
            // Replaced while loading: serve the requests already waiting, then go.
            model.Retire();
        }
        return model;
    }

    /// <summary>Unloads least recently used models until <paramref name="bytes"/> more fit in the memory budget.</summary>
    private void MakeRoom(long bytes, Entry loading)
    {
        if (options.MemoryBudgetBytes <= 0)
        {
            return;
        }
        lock (gate)
        {
            var loaded = entries.Values.Where(e => e.Loaded is not null && e != loading).OrderBy(e => e.LastUsed).ToList();
            var used = loaded.Sum(e => e.Loaded!.FileBytes);
            foreach (var victim in loaded)
            {
                if (used + bytes <= options.MemoryBudgetBytes)
                {
                    break;
                }
                used -= victim.Loaded!.FileBytes;
                logger.LogInformation("Unloading model {Model} to stay within the memory budget of {Budget:N0} bytes", victim.Id, options.MemoryBudgetBytes);
                victim.Loaded.Retire();
                victim.Loaded = null;
                victim.Loading = null;
            }
        }
    }

    private sealed class Entry(string id, ServedModelOptions spec, DateTimeOffset registered)
    {
        public string Id { get; } = id;

        public ServedModelOptions Spec { get; } = spec;

        public DateTimeOffset Registered { get; } = registered;

        public long LastUsed { get; set; }

        public Task<LoadedModel>? Loading { get; set; }

        public LoadedModel? Loaded { get; set; }
    }
}

/// <summary>A model as <c>/v1/models</c> lists it.</summary>
public sealed record ModelInfo(string Id, DateTimeOffset Registered, bool Loaded, ServedModelOptions Spec);

/// <summary>Keeps a model loaded while a request uses it.</summary>
public sealed class ModelLease(LoadedModel model) : IDisposable
{
    private int released;

    public LoadedModel Model { get; } = model;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref released, 1) == 0)
        {
            Model.Release();
        }
    }
}
