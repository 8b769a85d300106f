namespace InstructLab.Aspire.Artifacts;

/// <summary>
/// Objects of the suite (documents, datasets, checkpoints, models) in one S3 bucket, addressed by keys such as
/// <c>datasets/job-42/skills_train_msgs.jsonl</c>. Keys use <c>/</c> as the folder separator.
/// </summary>
public interface IArtifactStore
{
    /// <summary>The bucket every key lives in.</summary>
    string Bucket { get; }

    /// <summary>The S3 endpoint, for messages and diagnostics (never contains credentials).</summary>
    Uri Endpoint { get; }

    /// <summary>Creates the bucket when it does not exist yet.</summary>
    Task EnsureBucketAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <paramref name="content"/> under <paramref name="key"/>, replacing what was there. Large content is sent
    /// as a multipart upload; a stream that cannot seek is first spooled to a temporary file so its size is known.
    /// </summary>
    Task PutAsync(string key, Stream content, string? contentType = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens the object for reading, streamed from the server. With <paramref name="offset"/> and
    /// <paramref name="length"/>, only that byte range is transferred.
    /// </summary>
    /// <exception cref="ArtifactNotFoundException">No object has that key.</exception>
    Task<Stream> OpenReadAsync(string key, long offset = 0, long? length = null, CancellationToken cancellationToken = default);

    /// <summary>Size, time and ETag of the object, or null when there is none.</summary>
    Task<ArtifactInfo?> StatAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Whether an object has that key.</summary>
    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Objects whose keys start with <paramref name="prefix"/>. Recursive lists every object below the prefix;
    /// otherwise objects directly under it are listed, and each sub-folder once as an entry with
    /// <see cref="ArtifactInfo.IsFolder"/> set.
    /// </summary>
    IAsyncEnumerable<ArtifactInfo> ListAsync(string prefix, bool recursive = true, CancellationToken cancellationToken = default);

    /// <summary>Deletes the object; deleting a key that does not exist is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Copies an object server-side.</summary>
    /// <exception cref="ArtifactNotFoundException">No object has the source key.</exception>
    Task CopyAsync(string sourceKey, string destinationKey, CancellationToken cancellationToken = default);

    /// <summary>A URL anyone holding it can GET the object with until it expires.</summary>
    Task<Uri> GetPresignedReadUrlAsync(string key, TimeSpan expiry);

    /// <summary>A URL anyone holding it can PUT the object with until it expires.</summary>
    Task<Uri> GetPresignedWriteUrlAsync(string key, TimeSpan expiry);
}
