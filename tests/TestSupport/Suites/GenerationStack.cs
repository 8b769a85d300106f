using Grpc.Net.Client;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Contracts.Generation.V1;
using InstructLab.Aspire.Contracts.Security;
using InstructLab.Aspire.TestSupport.Servers;
using InstructLab.Aspire.TestSupport.Telemetry;

namespace InstructLab.Aspire.TestSupport.Suites;

/// <summary>
/// What generation runs on, each a real process on real Redis, RabbitMQ and S3: serving with one GGUF model as
/// teacher and judge, taxonomy, judging and N generation instances (competing workers), all exporting spans to a
/// collector in this process; with training settings, a training instance too (the whole suite, for LAB cycles).
/// Used by the generation and cycle tests and the generation benchmark.
/// </summary>
public sealed class GenerationStack : IAsyncDisposable
{
    public const string Model = "chatml";

    private readonly List<LocalServer> servers = [];
    private readonly List<SuiteService> services = [];
    private readonly SuiteService?[] generation;
    private readonly GrpcChannel?[] channels;
    private readonly Uri?[] urls;
    private readonly IReadOnlyDictionary<string, string> generationSettings;
    private readonly IReadOnlyDictionary<string, string>? trainingSettings;
    private SuiteService? training;

    private GenerationStack(int instances, IReadOnlyDictionary<string, string> generationSettings, IReadOnlyDictionary<string, string>? trainingSettings)
    {
        generation = new SuiteService?[instances];
        channels = new GrpcChannel?[instances];
        urls = new Uri?[instances];
        this.generationSettings = generationSettings;
        this.trainingSettings = trainingSettings;
    }

    public string ServingKey { get; } = $"serving-{Guid.NewGuid():N}";

    /// <summary>The suite's API key: taxonomy, generation, judging and training require it, and send it to each other.</summary>
    public string SuiteKey { get; } = $"suite-{Guid.NewGuid():N}";

    /// <summary>A channel to one of the stack's gRPC services, with <see cref="SuiteKey"/> on every call.</summary>
    public GrpcChannel Channel(Uri address, GrpcChannelOptions? options = null) => SuiteApiKey.Channel(address, SuiteKey, options);

    public TemporaryDirectory Workspace { get; } = new("generation-stack");

    public LocalServer Redis => servers[0];

    public LocalServer RabbitMq => servers[1];

    public LocalServer S3 => servers[2];

    public OtlpCollector Collector { get; private set; } = null!;

    public Uri Serving { get; private set; } = null!;

    public Uri JudgingUrl => services[2].GrpcUrl;

    public Uri TaxonomyUrl => services[1].GrpcUrl;

    public MinioArtifactStore Artifacts { get; private set; } = null!;

    /// <summary>The training instance's gRPC address (null without one).</summary>
    public Uri? TrainingUrl { get; private set; }

    /// <summary>The first generation instance's API.</summary>
    public GenerationService.GenerationServiceClient Client => new(channels[0]!);

    /// <summary>The gRPC address of a generation instance.</summary>
    public Uri GenerationUrl(int instance) => urls[instance]!;

    /// <param name="model">The GGUF file serving loads as <see cref="Model"/>.</param>
    /// <param name="instances">Generation processes to start.</param>
    /// <param name="servingSettings">More settings for serving (Serving__…).</param>
    /// <param name="generationSettings">More settings for every generation instance (Generation__…).</param>
    /// <param name="trainingSettings">Settings of a training instance (Training__…); null starts none.</param>
    public static async Task<GenerationStack> StartAsync(string model, int instances,
        IReadOnlyDictionary<string, string> servingSettings, IReadOnlyDictionary<string, string> generationSettings,
        IReadOnlyDictionary<string, string>? trainingSettings = null)
    {
        var stack = new GenerationStack(instances, generationSettings, trainingSettings);
        // lab, run in this process by the tests, finds the key as a user would give it.
        Environment.SetEnvironmentVariable("LAB_SUITE_API_KEY", stack.SuiteKey);
        try
        {
            await stack.StartAsync(model, servingSettings);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    /// <summary>(Re)starts a generation instance on fresh ports.</summary>
    public async Task StartGenerationAsync(int instance)
    {
        var settings = new Dictionary<string, string>(generationSettings)
        {
            [$"services__{ResourceNames.Serving}__http__0"] = Serving.ToString(),
            [$"services__{ResourceNames.Taxonomy}__grpc__0"] = TaxonomyUrl.ToString(),
            [$"services__{ResourceNames.Judging}__grpc__0"] = JudgingUrl.ToString(),
            ["Generation__Teacher__ApiKey"] = ServingKey,
            ["Generation__Teacher__Model"] = Model,
        };
        generation[instance] = await SuiteServiceProcess.StartAsync("Generation", grpc: true, Settings(ResourceNames.Generation, settings));
        channels[instance]?.Dispose();
        urls[instance] = generation[instance]!.GrpcUrl;
        channels[instance] = Channel(urls[instance]!);
    }

    /// <summary>Kills a generation instance outright, as a crash would.</summary>
    public async Task KillGenerationAsync(int instance)
    {
        await generation[instance]!.Process.KillAsync();
        await generation[instance]!.Process.DisposeAsync();
        generation[instance] = null;
    }

    /// <summary>Every service process's console output so far (their log lines).</summary>
    public IEnumerable<string> ProcessOutputs() => generation.Append(training).OfType<SuiteService>().Concat(services).Select(service => service.Process.Output);

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in channels)
        {
            channel?.Dispose();
        }
        // Kept for a failed run: each service's console output.
        var logs = services.Zip(["serving", "taxonomy", "judging"], (service, name) => (Name: name, Process: (SuiteService?)service))
            .Concat(generation.Select((process, i) => (Name: $"generation-{i}", Process: process)))
            .Append((Name: "training", Process: training));
        foreach (var (name, process) in logs.Where(l => l.Process is not null))
        {
            await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), $"generation-stack-{name}.log"), process!.Process.Output);
        }
        foreach (var service in generation.Append(training).OfType<SuiteService>().Concat(services))
        {
            await service.Process.DisposeAsync();
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

    private async Task StartAsync(string model, IReadOnlyDictionary<string, string> servingSettings)
    {
        var starting = new[] { LocalServer.StartRedisAsync(), LocalServer.StartRabbitMqAsync(firehose: true), LocalServer.StartS3Async() };
        Collector = await OtlpCollector.StartAsync();
        servers.AddRange(await Task.WhenAll(starting));
        var options = new ArtifactStoreOptions();
        options.ApplyConnectionString(S3.ConnectionString, "test");
        Artifacts = new MinioArtifactStore(options);

        // Judging needs taxonomy's address, which taxonomy reports once it listens.
        services.AddRange(await Task.WhenAll(
            SuiteServiceProcess.StartAsync("Serving", grpc: false, Settings(ResourceNames.Serving, new(servingSettings)
            {
                [$"Serving__Models__{Model}__Path"] = model,
                ["Serving__ApiKeys__0"] = ServingKey,
                ["Serving__ModelCacheDirectory"] = Workspace.Combine("serving-models"),
                ["Serving__DownloadDefaultModels"] = "false",
            })),
            SuiteServiceProcess.StartAsync("Taxonomy", grpc: true, Settings(ResourceNames.Taxonomy, new()
            {
                ["Taxonomy__AllowedLocalRoots__0"] = Workspace.Path,
                ["Taxonomy__CacheDirectory"] = Workspace.Combine("taxonomy-cache"),
            }))));
        Serving = services[0].Http;
        services.Add(await SuiteServiceProcess.StartAsync("Judging", grpc: true, Settings(ResourceNames.Judging, new()
        {
            [$"services__{ResourceNames.Serving}__http__0"] = Serving.ToString(),
            [$"services__{ResourceNames.Taxonomy}__grpc__0"] = TaxonomyUrl.ToString(),
            ["Judging__Judge__ApiKey"] = ServingKey,
            ["Judging__Evaluation__Serving__ApiKey"] = ServingKey,
            ["Judging__Judge__Model"] = Model,
            ["Judging__MaxExplanationLength"] = "40",
        })));
        await Task.WhenAll(Enumerable.Range(0, generation.Length).Select(StartGenerationAsync));
        if (trainingSettings is not null)
        {
            await StartTrainingAsync(trainingSettings);
        }
    }

    /// <summary>Kills the training instance outright, as a crash would, and starts it again on fresh ports.</summary>
    public async Task RestartTrainingAsync()
    {
        if (training is not null)
        {
            await training.Process.KillAsync();
            // Kept for a failed run: what the killed instance did up to its end.
            await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "generation-stack-training-killed.log"), training.Process.Output);
            await training.Process.DisposeAsync();
        }
        await StartTrainingAsync(trainingSettings ?? throw new InvalidOperationException("this stack runs no training instance"));
    }

    private async Task StartTrainingAsync(IReadOnlyDictionary<string, string> settings)
    {
        training = await SuiteServiceProcess.StartAsync("Training", grpc: true, Settings(ResourceNames.Training, new(settings)
        {
            [$"services__{ResourceNames.Generation}__grpc__0"] = GenerationUrl(0).ToString(),
            [$"services__{ResourceNames.Judging}__grpc__0"] = JudgingUrl.ToString(),
            [$"services__{ResourceNames.Serving}__http__0"] = Serving.ToString(),
        }));
        TrainingUrl = training.GrpcUrl;
    }

    private Dictionary<string, string> Settings(string service, Dictionary<string, string> own)
    {
        own["ConnectionStrings__cache"] = Redis.ConnectionString;
        own["ConnectionStrings__messaging"] = RabbitMq.ConnectionString;
        own["ConnectionStrings__artifacts"] = S3.ConnectionString;
        own["OTEL_EXPORTER_OTLP_ENDPOINT"] = Collector.Endpoint.ToString();
        own["OTEL_SERVICE_NAME"] = service;
        own["OTEL_BSP_SCHEDULE_DELAY"] = "500";
        own["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
        if (service != ResourceNames.Serving)
        {
            own["Suite__ApiKey"] = SuiteKey;
        }
        return own;
    }
}
