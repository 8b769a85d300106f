using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace InstructLab.Aspire.TestSupport.Servers;

/// <summary>
/// A local HTTP server that answers as the Hugging Face hub does, for lab model download and serving's first-start download: the model API's file list,
/// resolve URLs that redirect to storage on another host name (localhost, where the token must not go) with the file's
/// SHA-256 as X-Linked-Etag, Range requests, 401 for a gated repository without its token, and a connection that can be
/// dropped part-way through a file. Nothing here reaches the internet.
/// </summary>
public sealed class FakeHub : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Dictionary<string, Dictionary<string, byte[]>> repositories = [];
    private readonly ConcurrentQueue<(string Path, string? Range, bool Authorized)> storageRequests = new();
    private int drops;

    private FakeHub(WebApplication app) => this.app = app;

    /// <summary>The hub's address (HF_ENDPOINT).</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>A repository that answers 401 without <c>Authorization: Bearer</c> this token.</summary>
    public string? GatedRepository { get; set; }

    public string GateToken { get; } = $"hf_{Guid.NewGuid():N}";

    /// <summary>The next this many file downloads end after 64 KiB, as a dropped connection.</summary>
    public int DropNext { set => Volatile.Write(ref drops, value); }

    /// <summary>Answer this SHA-256 for every file instead of the right one.</summary>
    public string? WrongSha256 { get; set; }

    /// <summary>Every request for file bytes (GET of storage): path, Range header, whether it carried a token.</summary>
    public IReadOnlyCollection<(string Path, string? Range, bool Authorized)> StorageRequests => storageRequests;

    public static async Task<FakeHub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.Sources.Clear();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var hub = new FakeHub(app);
        app.Run(hub.AnswerAsync);
        await app.StartAsync();
        hub.Endpoint = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return hub;
    }

    public byte[] Add(string repository, string file, int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return Add(repository, file, bytes);
    }

    /// <summary>A file with the given bytes (a real GGUF, to be served once downloaded).</summary>
    public byte[] Add(string repository, string file, byte[] bytes)
    {
        if (!repositories.TryGetValue(repository, out var files))
        {
            repositories[repository] = files = [];
        }
        files[file] = bytes;
        return bytes;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var path = context.Request.Path.Value!.TrimStart('/').Split('/');
        switch (path)
        {
            case ["api", "models", var owner, var name, "revision", _]:
                if (Refused(context, $"{owner}/{name}", out var listed))
                {
                    return;
                }
                await context.Response.WriteAsJsonAsync(new { id = $"{owner}/{name}", siblings = listed.Keys.Append("README.md").Select(f => new { rfilename = f }) });
                return;
            case [var owner, var name, "resolve", _, .. var rest]:
                if (Refused(context, $"{owner}/{name}", out var files))
                {
                    return;
                }
                var file = string.Join('/', rest.Select(Uri.UnescapeDataString));
                if (!files.TryGetValue(file, out var bytes))
                {
                    context.Response.StatusCode = 404;
                    return;
                }
                context.Response.StatusCode = 302;
                context.Response.Headers["X-Linked-Etag"] = $"\"{WrongSha256 ?? Convert.ToHexStringLower(SHA256.HashData(bytes))}\"";
                context.Response.Headers["X-Linked-Size"] = bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
                context.Response.Headers.Location = $"http://localhost:{Endpoint.Port}/storage/{owner}/{name}/{string.Join('/', rest)}";
                return;
            case ["storage", var owner, var name, .. var rest]:
                await ServeFileAsync(context, repositories[$"{owner}/{name}"][string.Join('/', rest.Select(Uri.UnescapeDataString))]);
                return;
            case ["files", var plain] when repositories.TryGetValue("plain", out var plainFiles) && plainFiles.TryGetValue(plain, out var plainBytes):
                await ServeFileAsync(context, plainBytes);
                return;
            default:
                context.Response.StatusCode = 404;
                return;
        }
    }

    private bool Refused(HttpContext context, string repository, out Dictionary<string, byte[]> files)
    {
        if (!repositories.TryGetValue(repository, out files!))
        {
            context.Response.StatusCode = 404;
            return true;
        }
        if (repository == GatedRepository && context.Request.Headers.Authorization.ToString() != $"Bearer {GateToken}")
        {
            context.Response.StatusCode = 401;
            return true;
        }
        return false;
    }

    private async Task ServeFileAsync(HttpContext context, byte[] bytes)
    {
        var range = context.Request.Headers.Range.ToString();
        if (HttpMethods.IsGet(context.Request.Method))
        {
            storageRequests.Enqueue((context.Request.Path.Value!, range.Length > 0 ? range : null, context.Request.Headers.Authorization.Count > 0));
        }
        var start = 0;
        if (range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
        {
            start = int.Parse(range["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
            if (start >= bytes.Length)
            {
                context.Response.StatusCode = 416;
                return;
            }
            context.Response.StatusCode = 206;
            context.Response.Headers.ContentRange = $"bytes {start}-{bytes.Length - 1}/{bytes.Length}";
        }
        context.Response.ContentLength = bytes.Length - start;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }
        if (Interlocked.Decrement(ref drops) >= 0)
        {
            await context.Response.Body.WriteAsync(bytes.AsMemory(start, Math.Min(64 * 1024, bytes.Length - start)));
            await context.Response.Body.FlushAsync();
            context.Abort();
            return;
        }
        await context.Response.Body.WriteAsync(bytes.AsMemory(start));
    }
}
