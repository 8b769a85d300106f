using System.Text.RegularExpressions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InstructLab.Aspire.Serving.Catalog;

/// <summary>
/// Serves the GGUFs of the model folder (<c>Serving:ModelCacheDirectory</c>; what <c>lab model download</c> fills) by
/// file name without <c>.gguf</c>, when <c>Serving:ServeModelFolder</c> is on: those there at start, and those that
/// appear later (a finished download is renamed from <c>.part</c>), without a restart; a deleted file's model goes.
/// Ids configured or published keep their source. Serving's own download cache in the same folder
/// (<c>url-…</c>, <c>artifact-…</c>) is not listed.
/// </summary>
internal sealed partial class ModelFolder(ModelCatalog catalog, ServingOptions options, ILogger<ModelFolder> logger) : IHostedService, IDisposable
{
    private FileSystemWatcher? watcher;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.ServeModelFolder)
        {
            return Task.CompletedTask;
        }
        var folder = options.ResolveModelCacheDirectory();
        Directory.CreateDirectory(folder);
        watcher = new FileSystemWatcher(folder, "*.gguf") { NotifyFilter = NotifyFilters.FileName };
        watcher.Created += (_, e) => Add(e.FullPath);
        watcher.Renamed += (_, e) =>
        {
            Remove(e.OldFullPath);
            Add(e.FullPath);
        };
        watcher.Deleted += (_, e) => Remove(e.FullPath);
        watcher.EnableRaisingEvents = true;
        var found = Directory.EnumerateFiles(folder, "*.gguf").Count(Add);
        LogFolder(folder, found);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        watcher?.Dispose();
        watcher = null;
        return Task.CompletedTask;
    }

    public void Dispose() => watcher?.Dispose();

    /// <summary>The model id of a file in the folder, or null for what is not a model to list.</summary>
    internal static string? IdOf(string path) =>
        Path.GetExtension(path).Equals(".gguf", StringComparison.OrdinalIgnoreCase) && Path.GetFileNameWithoutExtension(path) is { Length: > 0 } name && !DownloadCache().IsMatch(name)
            ? name
            : null;

    private bool Add(string path)
    {
        try
        {
            return IdOf(path) is { } id && catalog.TryRegister(id, new ServedModelOptions { Path = path });
        }
        catch (Exception e) when (e is ArgumentException or IOException)
        {
            logger.LogWarning(e, "Could not serve {Path}", path);
            return false;
        }
    }

    private void Remove(string path)
    {
        if (IdOf(path) is { } id)
        {
            catalog.Remove(id, spec => string.Equals(spec.Path, path, StringComparison.Ordinal));
        }
    }

    [GeneratedRegex("^(url|artifact)-[0-9a-f]{16}-")]
    private static partial Regex DownloadCache();

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving the models in {Folder} ({Count} now; new ones as they appear)")]
    private partial void LogFolder(string folder, int count);
}
