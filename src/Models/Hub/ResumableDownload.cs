using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Polly;
using Polly.Retry;

namespace InstructLab.Aspire.Hub;

/// <summary>
/// Downloads a <see cref="RemoteFile"/> into a folder: into <c>NAME.part</c> first, resumed with a Range request after a
/// dropped connection or a restart, retried with jittered exponential backoff, checked against its SHA-256, then
/// renamed. A file already there with the right checksum (or size, when the hub gives no checksum) is kept.
/// </summary>
public sealed class ResumableDownload(HubClient hub, int retries = 5, TimeSpan? firstRetryDelay = null)
{
    private readonly ResiliencePipeline retry = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
    {
        ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>().Handle<IOException>(),
        MaxRetryAttempts = retries,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = firstRetryDelay ?? TimeSpan.FromSeconds(1),
        MaxDelay = TimeSpan.FromSeconds(30),
    }).Build();

    /// <summary>Returns the downloaded (or already present) file's path. <paramref name="progress"/> hears the bytes on disk.</summary>
    public async Task<DownloadedFile> DownloadAsync(RemoteFile file, string folder, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, file.Name);
        if (File.Exists(target) && await MatchesAsync(file, target, cancellationToken))
        {
            progress?.Report(new FileInfo(target).Length);
            return new DownloadedFile(target, Downloaded: false, await Sha256Async(target, cancellationToken));
        }
        var partial = target + ".part";
        var attempts = 0;
        await retry.ExecuteAsync(async ct =>
        {
            attempts++;
            await ContinueAsync(file, partial, progress, ct);
        }, cancellationToken);
        var sha = await Sha256Async(partial, cancellationToken);
        if (file.Sha256 is { } expected && sha != expected)
        {
            File.Delete(partial);
            throw new HubException($"{file.Source}: the downloaded file's SHA-256 is {sha}, but {expected} was expected; the partial file is deleted, run the command again");
        }
        File.Move(partial, target, overwrite: true);
        return new DownloadedFile(target, Downloaded: true, sha) { Attempts = attempts };
    }

    /// <summary>One attempt: asks for the bytes after those already in the partial file.</summary>
    private async Task ContinueAsync(RemoteFile file, string partial, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var have = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        if (file.Size is { } size && have > size)
        {
            File.Delete(partial);
            have = 0;
        }
        if (file.Size is { } complete && have == complete && complete > 0)
        {
            return;
        }
        progress?.Report(have);
        using var response = await hub.SendAsync(HttpMethod.Get, file.Url, have > 0 ? new RangeHeaderValue(have, null) : null, file.Source, cancellationToken);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            // The partial file holds every byte already (the size was unknown): nothing more to fetch.
            return;
        }
        var append = have > 0 && response.StatusCode == HttpStatusCode.PartialContent;
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using var output = new FileStream(partial, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true);
        var written = append ? have : 0;
        var buffer = new byte[1 << 20];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            written += read;
            progress?.Report(written);
        }
        await output.FlushAsync(cancellationToken);
        if (file.Size is { } expected && written < expected)
        {
            throw new IOException($"{file.Source}: the connection ended after {written:N0} of {expected:N0} bytes");
        }
    }

    private static async Task<bool> MatchesAsync(RemoteFile file, string path, CancellationToken cancellationToken) =>
        file.Sha256 is { } sha ? await Sha256Async(path, cancellationToken) == sha : file.Size is { } size && new FileInfo(path).Length == size;

    public static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}

/// <summary>A model file on disk after a download.</summary>
/// <param name="Path">Where it is.</param>
/// <param name="Downloaded">False when it was there already with the right checksum.</param>
/// <param name="Sha256">Its SHA-256.</param>
public sealed record DownloadedFile(string Path, bool Downloaded, string Sha256)
{
    /// <summary>Attempts it took (1 without interruptions).</summary>
    public int Attempts { get; init; } = 1;
}
