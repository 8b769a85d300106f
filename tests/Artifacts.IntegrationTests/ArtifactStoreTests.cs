using System.Net;
using System.Security.Cryptography;
using System.Text;
using InstructLab.Aspire.Artifacts;

namespace InstructLab.Aspire.Artifacts.IntegrationTests;

public sealed class ArtifactStoreTests(S3ServerFixture s3) : IClassFixture<S3ServerFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private IArtifactStore Store => s3.Store;

    [Fact]
    public async Task PutThenReadReturnsTheSameBytes()
    {
        var bytes = RandomBytes(10_000);
        await Store.PutBytesAsync("roundtrip/data.bin", bytes, cancellationToken: Cancel);

        Assert.Equal(bytes, await Store.ReadBytesAsync("roundtrip/data.bin", Cancel));
    }

    [Fact]
    public async Task StatReportsSizeAndExistsFollowsTheObject()
    {
        await Store.PutBytesAsync("stat/object.txt", "hello"u8.ToArray(), "text/plain", Cancel);

        var info = await Store.StatAsync("stat/object.txt", Cancel);

        Assert.NotNull(info);
        Assert.Equal(5, info.Size);
        Assert.False(string.IsNullOrEmpty(info.ETag));
        Assert.True(await Store.ExistsAsync("stat/object.txt", Cancel));
        Assert.False(await Store.ExistsAsync("stat/missing.txt", Cancel));
        Assert.Null(await Store.StatAsync("stat/missing.txt", Cancel));
    }

    [Fact]
    public async Task ListReturnsExactlyTheKeysUnderAPrefix()
    {
        string[] keys = ["list/a/1.txt", "list/a/2.txt", "list/a/deeper/3.txt", "list/b/1.txt", "listing/1.txt"];
        foreach (var key in keys)
        {
            await Store.PutBytesAsync(key, Encoding.UTF8.GetBytes(key), cancellationToken: Cancel);
        }

        var underA = await Store.ListAsync("list/a/", cancellationToken: Cancel).Select(i => i.Key).ToListAsync(Cancel);
        var topLevel = await Store.ListAsync("list/", recursive: false, Cancel).ToListAsync(Cancel);

        Assert.Equal(["list/a/1.txt", "list/a/2.txt", "list/a/deeper/3.txt"], underA.Order());
        Assert.Equal(["list/a/", "list/b/"], topLevel.Select(i => i.Key).Order());
        Assert.All(topLevel, folder => Assert.True(folder.IsFolder));
    }

    [Fact]
    public async Task DeleteRemovesTheObjectAndToleratesMissingKeys()
    {
        await Store.PutBytesAsync("delete/me.txt", "x"u8.ToArray(), cancellationToken: Cancel);

        await Store.DeleteAsync("delete/me.txt", Cancel);
        await Store.DeleteAsync("delete/me.txt", Cancel);

        Assert.False(await Store.ExistsAsync("delete/me.txt", Cancel));
    }

    [Fact]
    public async Task CopyWorksWithSlashesInBothKeys()
    {
        var bytes = RandomBytes(4096);
        await Store.PutBytesAsync("copy/source/dir/file.bin", bytes, cancellationToken: Cancel);

        await Store.CopyAsync("copy/source/dir/file.bin", "copy/target/other dir/file.bin", Cancel);

        Assert.Equal(bytes, await Store.ReadBytesAsync("copy/target/other dir/file.bin", Cancel));
        Assert.True(await Store.ExistsAsync("copy/source/dir/file.bin", Cancel));
    }

    [Fact]
    public async Task MissingObjectsAreReportedWithKeyAndBucket()
    {
        var read = await Assert.ThrowsAsync<ArtifactNotFoundException>(() => Store.OpenReadAsync("missing/read.bin", cancellationToken: Cancel));
        var copy = await Assert.ThrowsAsync<ArtifactNotFoundException>(() => Store.CopyAsync("missing/source.bin", "missing/target.bin", Cancel));

        Assert.Contains("'missing/read.bin'", read.Message);
        Assert.Contains($"'{Store.Bucket}'", read.Message);
        Assert.Equal("missing/source.bin", copy.Key);
    }

    [Fact]
    public async Task PresignedReadUrlServesThePlainHttpClient()
    {
        var bytes = RandomBytes(2048);
        await Store.PutBytesAsync("presigned/read.bin", bytes, cancellationToken: Cancel);

        var url = await Store.GetPresignedReadUrlAsync("presigned/read.bin", TimeSpan.FromMinutes(5));
        using var http = new HttpClient();

        Assert.Equal(bytes, await http.GetByteArrayAsync(url, Cancel));
    }

    [Fact]
    public async Task UnsignedRequestsAreRefused()
    {
        await Store.PutBytesAsync("private/secret.txt", "secret"u8.ToArray(), cancellationToken: Cancel);
        using var http = new HttpClient();
        var url = new Uri(Store.Endpoint, $"{Store.Bucket}/private/secret.txt");

        using var get = await http.GetAsync(url, Cancel);
        using var put = await http.PutAsync(url, new StringContent("overwritten"), Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal("secret"u8.ToArray(), await Store.ReadBytesAsync("private/secret.txt", Cancel));
    }

    [Fact]
    public async Task PresignedWriteUrlAcceptsAPlainPut()
    {
        var bytes = RandomBytes(3000);
        var url = await Store.GetPresignedWriteUrlAsync("presigned/written.bin", TimeSpan.FromMinutes(5));
        using var http = new HttpClient();

        using var response = await http.PutAsync(url, new ByteArrayContent(bytes), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bytes, await Store.ReadBytesAsync("presigned/written.bin", Cancel));
    }

    [Fact]
    public async Task RangedReadsTransferExactlyTheRange()
    {
        var bytes = RandomBytes(10_000);
        await Store.PutBytesAsync("range/data.bin", bytes, cancellationToken: Cancel);

        var middle = await ReadAllAsync(await Store.OpenReadAsync("range/data.bin", 1000, 500, Cancel));
        var tail = await ReadAllAsync(await Store.OpenReadAsync("range/data.bin", 9_990, cancellationToken: Cancel));

        Assert.Equal(bytes[1000..1500], middle);
        Assert.Equal(bytes[9_990..], tail);
    }

    [Fact]
    public async Task TwentyMegabytesGoUpAsMultipartAndComeBackIntact()
    {
        var bytes = RandomBytes(20_000_000);
        var partsBefore = StoredParts();
        using (var stream = new MemoryStream(bytes))
        {
            await Store.PutAsync("large/twenty.bin", stream, cancellationToken: Cancel);
        }

        var info = await Store.StatAsync("large/twenty.bin", Cancel);
        var read = await ReadAllAsync(await Store.OpenReadAsync("large/twenty.bin", cancellationToken: Cancel));

        Assert.Equal(20_000_000, info!.Size);
        Assert.True(StoredParts() - partsBefore > 1, "expected a multipart upload"); // the SDK picks the part size
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(read));
    }

    [Fact]
    public async Task StreamsThatCannotSeekAreSpooledFirst()
    {
        var bytes = RandomBytes(6_000_000);

        await Store.PutAsync("spooled/data.bin", new ForwardOnlyStream(bytes), cancellationToken: Cancel);

        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(await Store.ReadBytesAsync("spooled/data.bin", Cancel)));
    }

    [Fact]
    public async Task JsonRoundTripsAndBadJsonNamesTheKey()
    {
        await Store.PutJsonAsync("json/card.json", new Card("skills", 42), Cancel);
        await Store.PutBytesAsync("json/broken.json", "{ not json"u8.ToArray(), cancellationToken: Cancel);

        var card = await Store.ReadJsonAsync<Card>("json/card.json", Cancel);
        var error = await Assert.ThrowsAsync<ArtifactStoreException>(() => Store.ReadJsonAsync<Card>("json/broken.json", Cancel));

        Assert.Equal(new Card("skills", 42), card);
        Assert.Contains("'json/broken.json'", error.Message);
    }

    [Fact]
    public async Task DownloadToFileWritesTheWholeObject()
    {
        var bytes = RandomBytes(100_000);
        await Store.PutBytesAsync("download/model.gguf", bytes, cancellationToken: Cancel);
        var path = Path.Combine(Path.GetTempPath(), $"artifact-{Guid.NewGuid():N}.gguf");

        try
        {
            await Store.DownloadToFileAsync("download/model.gguf", path, Cancel);
            Assert.Equal(bytes, await File.ReadAllBytesAsync(path, Cancel));
            Assert.False(File.Exists(path + ".partial"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task EnsureBucketCreatesAMissingBucket()
    {
        using var store = new MinioArtifactStore(s3.Options(bucket: "fresh-bucket"));

        await store.EnsureBucketAsync(Cancel);
        await store.PutBytesAsync("probe.txt", "x"u8.ToArray(), cancellationToken: Cancel);

        Assert.True(await store.ExistsAsync("probe.txt", Cancel));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("/absolute", "starts with '/'")]
    [InlineData("a/../b", "'..'")]
    [InlineData("a//b", "'//'")]
    public async Task KeysThatBreakTheRulesAreRefusedBeforeAnythingIsSent(string key, string reason)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Store.PutBytesAsync(key, "x"u8.ToArray(), cancellationToken: Cancel));

        Assert.Contains(reason, error.Message);
        Assert.Contains($"'{key}'", error.Message);
    }

    [Fact]
    public async Task AWrongAccessKeyIsRefusedWithTheEndpointNamed()
    {
        var options = s3.Options();
        options.AccessKey = "WRONGKEY";
        using var store = new MinioArtifactStore(options);

        var error = await Assert.ThrowsAsync<ArtifactStoreException>(() => store.EnsureBucketAsync(Cancel));

        Assert.Contains("refused", error.Message);
        Assert.Contains(options.Endpoint!.Authority, error.Message);
        Assert.DoesNotContain(options.SecretKey!, error.Message);
    }

    [Fact]
    public async Task AnUnreachableServerIsReportedAsSuch()
    {
        var options = s3.Options();
        options.Endpoint = new Uri($"http://127.0.0.1:{TestSupport.Servers.FreePort.Next()}");
        using var store = new MinioArtifactStore(options);

        var error = await Assert.ThrowsAsync<ArtifactStoreException>(() => store.OpenReadAsync("any.bin", cancellationToken: Cancel));

        Assert.Contains("unreachable", error.Message);
    }

    private sealed record Card(string Phase, int Samples);

    /// <summary>Multipart parts the server has stored so far (tests of one class run one at a time).</summary>
    private int StoredParts() =>
        s3.Server.Process.Output.Split('\n').Count(line => line.Contains("Stored part", StringComparison.Ordinal));

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        await using (stream)
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, Cancel);
            return buffer.ToArray();
        }
    }

    /// <summary>A stream that can only be read forwards, like a network response.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
