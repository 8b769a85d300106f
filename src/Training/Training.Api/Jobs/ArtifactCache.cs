using System.Security.Cryptography;
using InstructLab.Aspire.Artifacts;
using Microsoft.Extensions.Options;

namespace InstructLab.Aspire.Training.Api.Jobs;

/// <summary>
/// Artifact-store objects a worker needs as local files (base models, data), kept under <c>WorkDirectory/cache/</c>
/// by key and ETag, so a new version of a key is fetched again and an unchanged one never twice; the folder is kept
/// within <c>Training:CacheBytes</c>, least recently used files first.
/// </summary>
public sealed class ArtifactCache(IArtifactStore store, IOptions<TrainingOptions> options)
{
    /// <summary>The object as a local file; <paramref name="field"/> names the request field in errors.</summary>
    public async Task<string> FetchAsync(string key, string field, long maxBytes, CancellationToken cancellationToken)
    {
        var info = await store.StatAsync(key, cancellationToken)
            ?? throw new ArgumentException($"{field}: the artifact store has no '{key}'.");
        if (info.Size > maxBytes)
        {
            throw new ArgumentException($"{field}: '{key}' is {info.Size:N0} bytes, more than the {maxBytes:N0} allowed.");
        }
        var folder = Directory.CreateDirectory(Path.Combine(options.Value.WorkDirectory, "cache")).FullName;
        var path = Path.Combine(folder, Hash($"{key}\n{info.ETag}") + Path.GetExtension(key));
        if (!File.Exists(path))
        {
            // A submit and a worker of this machine may fetch the same object at once: each into its own file.
            var own = $"{path}.{Guid.NewGuid():N}";
            await store.DownloadToFileAsync(key, own, cancellationToken);
            File.Move(own, path, overwrite: true);
        }
        LocalCache.Touch(path);
        LocalCache.Trim(folder, options.Value.CacheBytes, keep: path);
        return path;
    }

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..32];
}
