using System.Text.Json;

namespace InstructLab.Aspire.Artifacts;

/// <summary>Conveniences over <see cref="IArtifactStore"/> for bytes, JSON and files.</summary>
public static class ArtifactStoreExtensions
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Stores bytes under a key.</summary>
    public static async Task PutBytesAsync(this IArtifactStore store, string key, ReadOnlyMemory<byte> bytes,
        string? contentType = null, CancellationToken cancellationToken = default)
    {
        using var stream = new MemoryStream(bytes.ToArray(), writable: false);
        await store.PutAsync(key, stream, contentType, cancellationToken);
    }

    /// <summary>Reads a whole object into memory; meant for small objects.</summary>
    public static async Task<byte[]> ReadBytesAsync(this IArtifactStore store, string key, CancellationToken cancellationToken = default)
    {
        await using var stream = await store.OpenReadAsync(key, cancellationToken: cancellationToken);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    /// <summary>Stores a value as indented JSON (web naming).</summary>
    public static Task PutJsonAsync<T>(this IArtifactStore store, string key, T value, CancellationToken cancellationToken = default) =>
        store.PutBytesAsync(key, JsonSerializer.SerializeToUtf8Bytes(value, Json), "application/json", cancellationToken);

    /// <summary>Reads a JSON object stored by <see cref="PutJsonAsync"/>.</summary>
    /// <exception cref="ArtifactStoreException">The object is not JSON of that shape.</exception>
    public static async Task<T> ReadJsonAsync<T>(this IArtifactStore store, string key, CancellationToken cancellationToken = default)
    {
        var bytes = await store.ReadBytesAsync(key, cancellationToken);
        try
        {
            return JsonSerializer.Deserialize<T>(bytes, Json)
                ?? throw new ArtifactStoreException($"Artifact '{key}' holds JSON null, not a {typeof(T).Name}.");
        }
        catch (JsonException e)
        {
            throw new ArtifactStoreException($"Artifact '{key}' is not a valid {typeof(T).Name} JSON document: {e.Message}", e);
        }
    }

    /// <summary>Uploads a local file.</summary>
    public static async Task PutFileAsync(this IArtifactStore store, string key, string path,
        string? contentType = null, CancellationToken cancellationToken = default)
    {
        await using var file = File.OpenRead(path);
        await store.PutAsync(key, file, contentType, cancellationToken);
    }

    /// <summary>Downloads an object to a local file, through a temporary file so a broken transfer leaves nothing behind.</summary>
    public static async Task DownloadToFileAsync(this IArtifactStore store, string key, string path, CancellationToken cancellationToken = default)
    {
        var partial = path + ".partial";
        try
        {
            await using (var source = await store.OpenReadAsync(key, cancellationToken: cancellationToken))
            await using (var target = File.Create(partial))
            {
                await source.CopyToAsync(target, cancellationToken);
            }
            File.Move(partial, path, overwrite: true);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }
}
