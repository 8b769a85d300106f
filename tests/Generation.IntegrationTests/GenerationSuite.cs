using Grpc.Net.Client;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Contracts.Generation.V1;
using InstructLab.Aspire.TestSupport;
using InstructLab.Aspire.TestSupport.Servers;
using InstructLab.Aspire.TestSupport.Telemetry;

[assembly: AssemblyFixture(typeof(InstructLab.Aspire.Generation.IntegrationTests.GenerationSuite))]

namespace InstructLab.Aspire.Generation.IntegrationTests;

/// <summary>
/// The services generation needs, each a real process on real Redis, RabbitMQ and S3: serving with the shared ChatML
/// model as teacher and judge, taxonomy, judging, and two generation instances (competing workers), all exporting
/// their spans to a collector in the test process.
/// </summary>
public sealed class GenerationSuite : IAsyncLifetime
{
    public const string Model = "chatml";
    public static readonly string ServingKey = $"serving-{Guid.NewGuid():N}";

    private readonly List<LocalServer> servers = [];
    private readonly List<ServerProcess> services = [];
    private readonly ServerProcess?[] generation = new ServerProcess?[2];
    private readonly GrpcChannel?[] channels = new GrpcChannel?[2];
    private readonly Uri?[] urls = new Uri?[2];
    private (int Http, int Grpc) taxonomyPorts, judgingPorts;

    public TemporaryDirectory Workspace { get; } = new("generation-suite");

    public LocalServer Redis => servers[0];

    public LocalServer RabbitMq => servers[1];

    public LocalServer S3 => servers[2];

    public OtlpCollector Collector { get; private set; } = null!;

    public Uri Serving { get; private set; } = null!;

    public MinioArtifactStore Artifacts { get; private set; } = null!;

    /// <summary>The first generation instance's API.</summary>
    public GenerationService.GenerationServiceClient Client => new(channels[0]!);

    /// <summary>The gRPC address of generation instance 0 or 1.</summary>
    public Uri GenerationUrl(int instance) => urls[instance]!;

    public Uri JudgingUrl => new($"http://127.0.0.1:{judgingPorts.Grpc}");

    public async ValueTask InitializeAsync()
    {
        SharedFiles.RequireModel("synthetic", "tiny-random-llama-gpt2bpe-chatml.gguf");
        SharedFiles.RequireData("taxonomy-sample");
        var starting = new[] { LocalServer.StartRedisAsync(), LocalServer.StartRabbitMqAsync(), LocalServer.StartS3Async() };
        Collector = await OtlpCollector.StartAsync();
        servers.AddRange(await Task.WhenAll(starting));
        var options = new ArtifactStoreOptions();
        options.ApplyConnectionString(S3.ConnectionString, "test");
        Artifacts = new MinioArtifactStore(options);

        var servingPort = FreePort.Next();
        Serving = new Uri($"http://127.0.0.1:{servingPort}");
        (taxonomyPorts, judgingPorts) = ((FreePort.Next(), FreePort.Next()), (FreePort.Next(), FreePort.Next()));
        services.AddRange(await Task.WhenAll(
            SuiteServiceProcess.StartAsync("Serving", servingPort, null, Settings(ResourceNames.Serving, new()
            {
                [$"Serving__Models__{Model}__Path"] = Path.Combine(SharedFiles.Models, "synthetic", "tiny-random-llama-gpt2bpe-chatml.gguf"),
                ["Serving__ApiKeys__0"] = ServingKey,
                ["Serving__MaxSequences"] = "16",
                ["Serving__ContextSize"] = "16384",
                // Past the model's trained 2048: random weights do not mind, and a prompt with a document chunk and an
                // in-context example plus the pipelines' completion budgets fit.
                ["Serving__MaxSequenceLength"] = "4096",
                ["Serving__QueueLength"] = "512",
            })),
            SuiteServiceProcess.StartAsync("Taxonomy", taxonomyPorts.Http, taxonomyPorts.Grpc, Settings(ResourceNames.Taxonomy, new()
            {
                ["Taxonomy__AllowedLocalRoots__0"] = Workspace.Path,
                ["Taxonomy__CacheDirectory"] = Workspace.Combine("taxonomy-cache"),
            })),
            SuiteServiceProcess.StartAsync("Judging", judgingPorts.Http, judgingPorts.Grpc, Settings(ResourceNames.Judging, new()
            {
                [$"services__{ResourceNames.Serving}__http__0"] = Serving.ToString(),
                ["Judging__Judge__ApiKey"] = ServingKey,
                ["Judging__Judge__Model"] = Model,
                ["Judging__MaxExplanationLength"] = "40",
            }))));
        await Task.WhenAll(StartGenerationAsync(0), StartGenerationAsync(1));
    }

    /// <summary>(Re)starts generation instance 0 or 1 on fresh ports.</summary>
    public async Task StartGenerationAsync(int instance)
    {
        var (http, grpc) = (FreePort.Next(), FreePort.Next());
        generation[instance] = await SuiteServiceProcess.StartAsync("Generation", http, grpc, Settings(ResourceNames.Generation, new()
        {
            [$"services__{ResourceNames.Serving}__http__0"] = Serving.ToString(),
            [$"services__{ResourceNames.Taxonomy}__grpc__0"] = $"http://127.0.0.1:{taxonomyPorts.Grpc}",
            [$"services__{ResourceNames.Judging}__grpc__0"] = $"http://127.0.0.1:{judgingPorts.Grpc}",
            ["Generation__Teacher__ApiKey"] = ServingKey,
            ["Generation__Teacher__Model"] = Model,
            // Long enough for a 1500-character answer while 16 others decode; a hung request fails after it.
            ["Generation__Teacher__AttemptTimeout"] = "00:00:20",
            ["Generation__Teacher__MaxRetries"] = "10",
            ["Generation__Teacher__RetryDelay"] = "00:00:00.200",
            ["Generation__Workers__ConcurrentBatches"] = "2",
        }));
        channels[instance]?.Dispose();
        urls[instance] = new Uri($"http://127.0.0.1:{grpc}");
        channels[instance] = GrpcChannel.ForAddress(urls[instance]!);
    }

    /// <summary>Kills a generation instance outright, mid-whatever-it-does.</summary>
    public async Task KillGenerationAsync(int instance)
    {
        await generation[instance]!.KillAsync();
        await generation[instance]!.DisposeAsync();
        generation[instance] = null;
    }

    /// <summary>What the processes printed, for a failing test's message.</summary>
    public string Output(int instance) => generation[instance]?.Output ?? "";

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in channels)
        {
            channel?.Dispose();
        }
        foreach (var process in generation.OfType<ServerProcess>().Concat(services))
        {
            await process.DisposeAsync();
        }
        Artifacts?.Dispose();
        foreach (var server in servers)
        {
            await server.DisposeAsync();
        }
        if (Collector is not null)
        {
            await Collector.DisposeAsync();
        }
        Workspace.Dispose();
    }

    private Dictionary<string, string> Settings(string service, Dictionary<string, string> own)
    {
        own["ConnectionStrings__cache"] = Redis.ConnectionString;
        own["ConnectionStrings__messaging"] = RabbitMq.ConnectionString;
        own["ConnectionStrings__artifacts"] = S3.ConnectionString;
        own["OTEL_EXPORTER_OTLP_ENDPOINT"] = Collector.Endpoint.ToString();
        own["OTEL_SERVICE_NAME"] = service;
        own["OTEL_BSP_SCHEDULE_DELAY"] = "500";
        return own;
    }
}
