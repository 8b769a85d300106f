using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.TestSupport.Servers;

namespace InstructLab.Aspire.Artifacts.IntegrationTests;

/// <summary>One real S3 server (the s3rver the AppHost runs without containers) for the whole test class.</summary>
public sealed class S3ServerFixture : IAsyncLifetime
{
    private LocalServer? server;

    public LocalServer Server => server ?? throw new InvalidOperationException("Not started.");

    public MinioArtifactStore Store { get; private set; } = null!;

    public ArtifactStoreOptions Options(string? bucket = null)
    {
        var options = new ArtifactStoreOptions();
        options.ApplyConnectionString(Server.ConnectionString, "test");
        if (bucket is not null)
        {
            options.Bucket = bucket;
        }
        return options;
    }

    public async ValueTask InitializeAsync()
    {
        server = await LocalServer.StartS3Async(verbose: true);
        Store = new MinioArtifactStore(Options());
        await Store.EnsureBucketAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Store.Dispose();
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
