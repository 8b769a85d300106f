using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Minio;
using Minio.DataModel.Args;
using Minio.Exceptions;

namespace InstructLab.Aspire.Artifacts;

/// <summary>
/// <see cref="IArtifactStore"/> over the Minio SDK. Reads go through presigned URLs with plain HTTP, which streams
/// large objects without buffering and gives byte ranges (the SDK's own ranged GET is broken in 7.0.0).
/// </summary>
public sealed class MinioArtifactStore : IArtifactStore, IDisposable
{
    private readonly IMinioClient minio;
    private readonly HttpClient http;

    /// <summary>Connects to the store the options describe (no request is sent until the first operation).</summary>
    public MinioArtifactStore(ArtifactStoreOptions options)
    {
        options.Validate("artifact store options");
        Endpoint = options.Endpoint!;
        Bucket = options.Bucket;
        // A plain client: transfers of large models must not run into a resilience pipeline's total timeout,
        // and the SDK retries on its own.
        http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        minio = new MinioClient()
            .WithEndpoint(Endpoint.Host, Endpoint.Port)
            .WithSSL(Endpoint.Scheme == Uri.UriSchemeHttps)
            .WithCredentials(options.AccessKey, options.SecretKey)
            .WithRegion(options.Region)
            .WithHttpClient(http)
            .Build();
    }

    /// <inheritdoc />
    public string Bucket { get; }

    /// <inheritdoc />
    public Uri Endpoint { get; }

    /// <inheritdoc />
    public async Task EnsureBucketAsync(CancellationToken cancellationToken = default)
    {
        using var activity = ArtifactsTelemetry.Start("ensure-bucket", Bucket, null);
        await Translate("check the bucket", null, async () =>
        {
            if (!await minio.BucketExistsAsync(new BucketExistsArgs().WithBucket(Bucket), cancellationToken))
            {
                await minio.MakeBucketAsync(new MakeBucketArgs().WithBucket(Bucket), cancellationToken);
            }
            return true;
        });
    }

    /// <inheritdoc />
    public async Task PutAsync(string key, Stream content, string? contentType = null, CancellationToken cancellationToken = default)
    {
        ArtifactKeys.Validate(key);
        ArgumentNullException.ThrowIfNull(content);
        using var activity = ArtifactsTelemetry.Start("put", Bucket, key);
        await using var spool = content.CanSeek ? null : await SpoolAsync(content, cancellationToken);
        var upload = spool ?? content;
        var size = upload.Length - upload.Position;
        activity?.SetTag("artifacts.size", size);
        await Translate("write", key, async () =>
        {
            await minio.PutObjectAsync(new PutObjectArgs()
                .WithBucket(Bucket).WithObject(key)
                .WithStreamData(upload).WithObjectSize(size)
                .WithContentType(contentType ?? "application/octet-stream"), cancellationToken);
            return true;
        });
    }

    /// <inheritdoc />
    public async Task<Stream> OpenReadAsync(string key, long offset = 0, long? length = null, CancellationToken cancellationToken = default)
    {
        ArtifactKeys.Validate(key);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (length is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "A range must have a positive length.");
        }
        using var activity = ArtifactsTelemetry.Start("get", Bucket, key);
        var url = await GetPresignedReadUrlAsync(key, TimeSpan.FromMinutes(15));
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (offset > 0 || length is not null)
        {
            request.Headers.Range = new RangeHeaderValue(offset, length is null ? null : offset + length - 1);
        }
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(e);
        }
        if (response.IsSuccessStatusCode)
        {
            return await response.Content.ReadAsStreamAsync(cancellationToken);
        }
        using (response)
        {
            throw response.StatusCode switch
            {
                HttpStatusCode.NotFound => new ArtifactNotFoundException(Bucket, key),
                HttpStatusCode.RequestedRangeNotSatisfiable => new ArgumentOutOfRangeException(nameof(offset), offset, $"Artifact '{key}' has no bytes at that offset."),
                HttpStatusCode.Forbidden => Refused(null),
                _ => new ArtifactStoreException($"Reading artifact '{key}' from bucket '{Bucket}' at {Endpoint} failed: HTTP {(int)response.StatusCode} {response.ReasonPhrase}."),
            };
        }
    }

    /// <inheritdoc />
    public async Task<ArtifactInfo?> StatAsync(string key, CancellationToken cancellationToken = default)
    {
        ArtifactKeys.Validate(key);
        using var activity = ArtifactsTelemetry.Start("stat", Bucket, key);
        try
        {
            return await Translate("stat", key, async () =>
            {
                var stat = await minio.StatObjectAsync(new StatObjectArgs().WithBucket(Bucket).WithObject(key), cancellationToken);
                return new ArtifactInfo(key, stat.Size, stat.LastModified, stat.ETag?.Trim('"'));
            });
        }
        catch (ArtifactNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) =>
        await StatAsync(key, cancellationToken) is not null;

    /// <inheritdoc />
    public async IAsyncEnumerable<ArtifactInfo> ListAsync(string prefix, bool recursive = true,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        using var activity = ArtifactsTelemetry.Start("list", Bucket, prefix);
        var args = new ListObjectsArgs().WithBucket(Bucket).WithPrefix(prefix).WithRecursive(recursive);
        await using var items = minio.ListObjectsEnumAsync(args, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (await Translate("list", prefix, async () => await items.MoveNextAsync()))
        {
            var item = items.Current;
            yield return new ArtifactInfo(item.Key, (long)item.Size, item.LastModifiedDateTime, item.ETag?.Trim('"'), item.IsDir);
        }
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ArtifactKeys.Validate(key);
        using var activity = ArtifactsTelemetry.Start("delete", Bucket, key);
        await Translate("delete", key, async () =>
        {
            await minio.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(Bucket).WithObject(key), cancellationToken);
            return true;
        });
    }

    /// <inheritdoc />
    public async Task CopyAsync(string sourceKey, string destinationKey, CancellationToken cancellationToken = default)
    {
        ArtifactKeys.Validate(sourceKey, nameof(sourceKey));
        ArtifactKeys.Validate(destinationKey, nameof(destinationKey));
        using var activity = ArtifactsTelemetry.Start("copy", Bucket, destinationKey);
        activity?.SetTag("artifacts.source_key", sourceKey);
        await Translate("copy", sourceKey, async () =>
        {
            var source = new CopySourceObjectArgs().WithBucket(Bucket).WithObject(sourceKey);
            await minio.CopyObjectAsync(new CopyObjectArgs().WithBucket(Bucket).WithObject(destinationKey).WithCopyObjectSource(source), cancellationToken);
            return true;
        });
    }

    /// <inheritdoc />
    public async Task<Uri> GetPresignedReadUrlAsync(string key, TimeSpan expiry)
    {
        ArtifactKeys.Validate(key);
        var url = await minio.PresignedGetObjectAsync(new PresignedGetObjectArgs().WithBucket(Bucket).WithObject(key).WithExpiry(ExpirySeconds(expiry)));
        return new Uri(url);
    }

    /// <inheritdoc />
    public async Task<Uri> GetPresignedWriteUrlAsync(string key, TimeSpan expiry)
    {
        ArtifactKeys.Validate(key);
        var url = await minio.PresignedPutObjectAsync(new PresignedPutObjectArgs().WithBucket(Bucket).WithObject(key).WithExpiry(ExpirySeconds(expiry)));
        return new Uri(url);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        minio.Dispose();
        http.Dispose();
    }

    private static int ExpirySeconds(TimeSpan expiry) =>
        expiry > TimeSpan.Zero && expiry <= TimeSpan.FromDays(7)
            ? (int)Math.Ceiling(expiry.TotalSeconds)
            : throw new ArgumentOutOfRangeException(nameof(expiry), expiry, "A presigned URL lives between 1 second and 7 days.");

    private static async Task<Stream> SpoolAsync(Stream content, CancellationToken cancellationToken)
    {
        var spool = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await content.CopyToAsync(spool, cancellationToken);
        spool.Position = 0;
        return spool;
    }

    private async Task<T> Translate<T>(string operation, string? key, Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (ObjectNotFoundException e) when (key is not null)
        {
            throw new ArtifactNotFoundException(Bucket, key, e);
        }
        catch (Exception e) when (e is AuthorizationException or AccessDeniedException)
        {
            throw Refused(e);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(e);
        }
        catch (MinioException e)
        {
            var target = key is null ? $"bucket '{Bucket}'" : $"'{key}' in bucket '{Bucket}'";
            throw new ArtifactStoreException($"S3 at {Endpoint} could not {operation} {target}: {e.Message}", e);
        }
    }

    private ArtifactStoreException Refused(Exception? inner) =>
        new($"S3 at {Endpoint} refused the credentials or access to bucket '{Bucket}'{(inner is null ? "" : $": {inner.Message}")}", inner);

    private ArtifactStoreException Unreachable(Exception inner) =>
        new($"S3 at {Endpoint} is unreachable: {inner.Message}", inner);
}
