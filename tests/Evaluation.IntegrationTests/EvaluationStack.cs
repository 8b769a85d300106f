using Grpc.Net.Client;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Contracts.Judging.V1;
using InstructLab.Aspire.TestSupport;
using InstructLab.Aspire.TestSupport.Servers;

[assembly: AssemblyFixture(typeof(InstructLab.Aspire.Evaluations.IntegrationTests.EvaluationStack))]

namespace InstructLab.Aspire.Evaluations.IntegrationTests;

/// <summary>
/// What evaluation runs on, each a real process on real Redis, RabbitMQ and S3: serving with stories260K (scored by
/// log-likelihood) and the shared ChatML model twice (model and base, also the judge), taxonomy for branch
/// benchmarks, and two judging instances sharing the work items (work items of two items, so runs have many).
/// </summary>
public sealed class EvaluationStack : IAsyncLifetime
{
    public const string Stories = "stories";
    public const string Chat = "chatml";
    public const string ChatBase = "chatml-base";

    private readonly List<LocalServer> servers = [];
    private readonly List<SuiteService> services = [];
    private readonly SuiteService?[] judging = new SuiteService?[2];
    private readonly GrpcChannel?[] channels = new GrpcChannel?[2];
    private readonly Uri?[] urls = new Uri?[2];

    public string ServingKey { get; } = $"serving-{Guid.NewGuid():N}";

    public TemporaryDirectory Workspace { get; } = new("evaluation-stack");

    public Uri Serving { get; private set; } = null!;

    public string RedisConnection => servers[0].ConnectionString;

    public string RabbitMqConnection => servers[1].ConnectionString;

    public MinioArtifactStore Artifacts { get; private set; } = null!;

    public string StoriesPath { get; private set; } = "";

    /// <summary>The first judging instance's evaluations API.</summary>
    public EvaluationService.EvaluationServiceClient Client => new(channels[0]!);

    public Uri JudgingUrl(int instance) => urls[instance]!;

    public async ValueTask InitializeAsync()
    {
        StoriesPath = SharedFiles.RequireModel("stories260K.gguf");
        var chat = SharedFiles.RequireModel("synthetic", "tiny-random-llama-gpt2bpe-chatml.gguf");
        SharedFiles.RequireData("eval");
        var starting = new[] { LocalServer.StartRedisAsync(), LocalServer.StartRabbitMqAsync(), LocalServer.StartS3Async() };
        servers.AddRange(await Task.WhenAll(starting));
        var options = new ArtifactStoreOptions();
        options.ApplyConnectionString(servers[2].ConnectionString, "test");
        Artifacts = new MinioArtifactStore(options);

        services.AddRange(await Task.WhenAll(
            SuiteServiceProcess.StartAsync("Serving", grpc: false, Settings(ResourceNames.Serving, new()
            {
                [$"Serving__Models__{Stories}__Path"] = StoriesPath,
                [$"Serving__Models__{Chat}__Path"] = chat,
                [$"Serving__Models__{ChatBase}__Path"] = chat,
                ["Serving__ApiKeys__0"] = ServingKey,
                ["Serving__ModelCacheDirectory"] = Workspace.Combine("serving-models"),
                ["Serving__DownloadDefaultModels"] = "false",
                ["Serving__MaxSequences"] = "8",
                ["Serving__ContextSize"] = "16384",
                ["Serving__MaxSequenceLength"] = "4096",
                ["Serving__BatchSize"] = "2048",
                ["Serving__QueueLength"] = "512",
                // No reuse of an earlier request's KV prefix: llama.cpp's numbers move by ~1e-3 with how a prompt was split into
                // decodes, and the scoring test compares with one whole-prompt decode.
                ["Serving__PrefixReuseMinTokens"] = "1000000",
            })),
            SuiteServiceProcess.StartAsync("Taxonomy", grpc: true, Settings(ResourceNames.Taxonomy, new()
            {
                ["Taxonomy__AllowedLocalRoots__0"] = Workspace.Path,
                ["Taxonomy__CacheDirectory"] = Workspace.Combine("taxonomy-cache"),
            }))));
        Serving = services[0].Http;
        await Task.WhenAll(StartJudgingAsync(0), StartJudgingAsync(1));
    }

    /// <summary>(Re)starts a judging instance on fresh ports.</summary>
    public async Task StartJudgingAsync(int instance)
    {
        judging[instance] = await SuiteServiceProcess.StartAsync("Judging", grpc: true, Settings(ResourceNames.Judging, new()
        {
            [$"services__{ResourceNames.Serving}__http__0"] = Serving.ToString(),
            [$"services__{ResourceNames.Taxonomy}__grpc__0"] = services[1].GrpcUrl.ToString(),
            ["Judging__Judge__ApiKey"] = ServingKey,
            ["Judging__Judge__Model"] = Chat,
            ["Judging__Judge__MaxConcurrency"] = "8",
            ["Judging__Evaluation__Serving__ApiKey"] = ServingKey,
            ["Judging__Evaluation__ChoiceBatchSize"] = "2",
            ["Judging__Evaluation__JudgedBatchSize"] = "2",
        }));
        channels[instance]?.Dispose();
        urls[instance] = judging[instance]!.GrpcUrl;
        channels[instance] = GrpcChannel.ForAddress(urls[instance]!, new GrpcChannelOptions { MaxSendMessageSize = 64 * 1024 * 1024 });
    }

    /// <summary>Kills a judging instance outright, as a crash would.</summary>
    public async Task KillJudgingAsync(int instance)
    {
        await judging[instance]!.Process.KillAsync();
        await judging[instance]!.Process.DisposeAsync();
        judging[instance] = null;
    }

    public EvaluationService.EvaluationServiceClient ClientOf(int instance) => new(channels[instance]!);

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in channels)
        {
            channel?.Dispose();
        }
        foreach (var service in judging.OfType<SuiteService>().Concat(services))
        {
            await service.Process.DisposeAsync();
        }
        Artifacts?.Dispose();
        foreach (var server in servers)
        {
            await server.DisposeAsync();
        }
        Workspace.Dispose();
    }

    private Dictionary<string, string> Settings(string service, Dictionary<string, string> own)
    {
        own["ConnectionStrings__cache"] = servers[0].ConnectionString;
        own["ConnectionStrings__messaging"] = servers[1].ConnectionString;
        own["ConnectionStrings__artifacts"] = servers[2].ConnectionString;
        own["OTEL_SERVICE_NAME"] = service;
        return own;
    }
}
