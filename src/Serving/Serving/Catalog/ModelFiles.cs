using System.Security.Cryptography;
using System.Text;
using InstructLab.Aspire.Contracts.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace InstructLab.Aspire.Serving.Catalog;

/// <summary>Reads a model from the suite's artifact store (registered by the suite host; absent when serving runs alone).</summary>
public interface IModelArtifactSource
{
    Task DownloadAsync(string key, Stream destination, CancellationToken cancellationToken);

    /// <summary>What changes when the object under the key is replaced (its ETag); null when the store cannot say.</summary>
    Task<string?> VersionAsync(string key, CancellationToken cancellationToken);
}

/// <summary>
/// Finds a model's GGUF on disk: a local path as is; a URL or an artifact key downloaded once into the model cache
/// (through a <c>.part</c> file, renamed only when complete and, if a SHA-256 is configured, verified). An artifact
/// whose object changed since it was cached (another ETag: a model re-published under the same key) is downloaded
/// again.
/// </summary>
public sealed class ModelFiles(ServingOptions options, HttpClient http, IConfiguration configuration, ILogger<ModelFiles> logger, IModelArtifactSource? artifacts = null)
{
    private readonly SemaphoreSlim downloads = new(1, 1);

    public async Task<string> ResolveAsync(string id, ServedModelOptions spec, CancellationToken cancellationToken)
    {
        if (spec.Path is { Length: > 0 } path)
        {
            return File.Exists(path) ? Path.GetFullPath(path) : throw new FileNotFoundException($"Model '{id}': the file {path} does not exist (Serving:Models:{id}:Path).", path);
        }
        if (spec.Url is { Length: > 0 } url)
        {
            var uri = OutboundUrls.Check(url, $"Model '{id}': Serving:Models:{id}:Url", configuration.GetSection(OutboundUrls.AllowListSetting).Get<string[]>());
            return await CacheAsync(id, spec, $"url-{Hash(url)[..16]}-{SafeName(Path.GetFileName(uri.AbsolutePath))}", async (stream, ct) =>
            {
                using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, ct);
                if (!response.IsSuccessStatusCode)
                {
                    throw new HttpRequestException($"Model '{id}': GET {ServedModelOptions.Redact(url)} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
                }
                await using var body = await response.Content.ReadAsStreamAsync(ct);
                await body.CopyToAsync(stream, ct);
            }, cancellationToken);
        }
        if (spec.ArtifactKey is { Length: > 0 } key)
        {
            var source = artifacts ?? throw new InvalidOperationException($"Model '{id}' comes from the artifact store (key {key}), but this server is not connected to one.");
            var version = await source.VersionAsync(key, cancellationToken);
            return await CacheAsync(id, spec, $"artifact-{Hash(key)[..16]}-{SafeName(Path.GetFileName(key))}", (stream, ct) => source.DownloadAsync(key, stream, ct), cancellationToken, version);
        }
        throw new ArgumentException($"Model '{id}' has no source: set Serving:Models:{id}:Path, :Url or :ArtifactKey.");
    }

    private async Task<string> CacheAsync(string id, ServedModelOptions spec, string name, Func<Stream, CancellationToken, Task> download, CancellationToken cancellationToken,
        string? version = null)
    {
        var folder = options.ResolveModelCacheDirectory();
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, name);
        await downloads.WaitAsync(cancellationToken);
        try
        {
            var versionFile = target + ".version";
            if (File.Exists(target) && (spec.Sha256 is null || await Sha256Async(target, cancellationToken) == spec.Sha256.ToLowerInvariant())
                && (version is null || (File.Exists(versionFile) && await File.ReadAllTextAsync(versionFile, cancellationToken) == version)))
            {
                return target;
            }
            var partial = target + ".part";
            logger.LogInformation("Downloading model {Model} from {Source} into {Path}", id, spec, target);
            await using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true))
            {
                await download(stream, cancellationToken);
            }
            if (spec.Sha256 is { } expected && await Sha256Async(partial, cancellationToken) is var actual && actual != expected.ToLowerInvariant())
            {
                File.Delete(partial);
                throw new InvalidDataException($"Model '{id}': the downloaded file's SHA-256 is {actual}, but Serving:Models:{id}:Sha256 says {expected}.");
            }
            File.Move(partial, target, overwrite: true);
            if (version is not null)
            {
                await File.WriteAllTextAsync(versionFile, version, cancellationToken);
            }
            return target;
        }
        finally
        {
            downloads.Release();
        }
    }

    private static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string SafeName(string name)
    {
        var safe = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')]);
        return safe.Length == 0 ? "model.gguf" : safe;
    }
}
