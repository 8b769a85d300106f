using Grpc.Net.Client;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Contracts.Taxonomy.V1;
using InstructLab.Aspire.TestSupport;
using InstructLab.Aspire.TestSupport.Servers;

namespace InstructLab.Aspire.Taxonomy.IntegrationTests;

/// <summary>
/// The taxonomy service as a real process on real Redis, RabbitMQ and S3, allowed to read one temporary folder
/// (<see cref="Workspace"/>), where the tests build taxonomies and document repositories.
/// </summary>
public sealed class TaxonomyServiceFixture : IAsyncLifetime
{
    private readonly List<LocalServer> servers = [];
    private ServerProcess? service;
    private GrpcChannel? channel;

    public TemporaryDirectory Workspace { get; } = new("taxonomy-service");

    public TaxonomyService.TaxonomyServiceClient Client { get; private set; } = null!;

    public MinioArtifactStore Artifacts { get; private set; } = null!;

    public string Output => service?.Output ?? "";

    public async ValueTask InitializeAsync()
    {
        var redis = LocalServer.StartRedisAsync();
        var rabbitMq = LocalServer.StartRabbitMqAsync();
        var s3 = LocalServer.StartS3Async();
        servers.AddRange([await redis, await rabbitMq, await s3]);
        var started = await SuiteServiceProcess.StartAsync("Taxonomy", grpc: true, new Dictionary<string, string>
        {
            ["ConnectionStrings__cache"] = servers[0].ConnectionString,
            ["ConnectionStrings__messaging"] = servers[1].ConnectionString,
            ["ConnectionStrings__artifacts"] = servers[2].ConnectionString,
            ["Taxonomy__AllowedLocalRoots__0"] = Workspace.Path,
            ["Taxonomy__CacheDirectory"] = Workspace.Combine("service-cache"),
        });
        service = started.Process;
        channel = GrpcChannel.ForAddress(started.GrpcUrl);
        Client = new TaxonomyService.TaxonomyServiceClient(channel);
        var options = new ArtifactStoreOptions();
        options.ApplyConnectionString(servers[2].ConnectionString, "test");
        Artifacts = new MinioArtifactStore(options);
    }

    public async ValueTask DisposeAsync()
    {
        channel?.Dispose();
        Artifacts?.Dispose();
        if (service is not null)
        {
            await service.DisposeAsync();
        }
        foreach (var server in servers)
        {
            await server.DisposeAsync();
        }
        Workspace.Dispose();
    }
}
