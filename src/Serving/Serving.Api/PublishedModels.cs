using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Hosting.StartupChecks;
using InstructLab.Aspire.Serving.Catalog;

namespace InstructLab.Aspire.Serving.Api;

/// <summary>
/// At start, every model the suite published (<c>models/&lt;id&gt;/&lt;version&gt;/model.gguf</c>, as training writes them)
/// is registered at its newest version, so a restarted serving answers to the same ids as before; the files are
/// downloaded on first use. Runs with the start-up checks, after the artifact store answered and before the bus
/// delivers newer <c>ModelPublished</c> messages.
/// </summary>
public sealed partial class PublishedModels(IArtifactStore store, ModelCatalog catalog, ILogger<PublishedModels> logger) : IStartupCheck
{
    public const string Prefix = "models/";

    public string Resource => "published models";

    public string Setting => "ConnectionStrings:artifacts";

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        await store.EnsureBucketAsync(cancellationToken);
        var newest = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var entry in store.ListAsync(Prefix, recursive: true, cancellationToken))
        {
            if (entry.Key[Prefix.Length..].Split('/') is [var id, var folder, "model.gguf"] && int.TryParse(folder, out var version)
                && version > newest.GetValueOrDefault(id))
            {
                newest[id] = version;
            }
        }
        var registered = new List<string>();
        foreach (var (id, version) in newest.OrderBy(n => n.Key, StringComparer.Ordinal))
        {
            catalog.Register(id, new ServedModelOptions { ArtifactKey = $"{Prefix}{id}/{version}/model.gguf" });
            registered.Add($"{id} (version {version})");
        }
        LogRegistered(registered.Count);
        return registered.Count == 0 ? "none yet" : string.Join(", ", registered);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} published model(s) registered from the artifact store")]
    private partial void LogRegistered(int count);
}
