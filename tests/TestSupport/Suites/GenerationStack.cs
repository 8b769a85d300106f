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
    private readonly List<ServerProcess> services = [];
    private readonly ServerProcess?[] generation;
    private readonly GrpcChannel?[] channels;
    private readonly Uri?[] urls;
    private readonly IReadOnlyDictionary<string, string> generationSettings;
    private readonly IReadOnlyDictionary<string, string>? trainingSettings;
    private (int Http, int Grpc) taxonomyPorts, judgingPorts;
    private ServerProcess? training;

    private GenerationStack(int instances, IReadOnlyDictionary<string, string> generationSettings, IReadOnlyDictionary<string, string>? trainingSettings)
    {
        generation = new ServerProcess?[instances];
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

    public Uri JudgingUrl => new($"http://127.0.0.1:{judgingPorts.Grpc}");

    public Uri TaxonomyUrl => new($"http://127.0.0.1:{taxonomyPorts.Grpc}");

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
        var (http, grpc) = (FreePort.Next(), FreePort.Next());
        var settings = new Dictionary<string, string>(generationSettings)
        {
            [$"services__{ResourceNames.Serving}__http__0"] = Serving.ToString(),
            [$"services__{ResourceNames.Taxonomy}__grpc__0"] = $"http://127.0.0.1:{taxonomyPorts.Grpc}",
            [$"services__{ResourceNames.Judging}__grpc__0"] = JudgingUrl.ToString(),
            ["Generation__Teacher__ApiKey"] = ServingKey,
            ["Generation__Teacher__Model"] = Model,
        };
        generation[instance] = await SuiteServiceProcess.StartAsync("Generation", http, grpc, Settings(ResourceNames.Generation, settings));
        channels[instance]?.Dispose();
        urls[instance] = new Uri($"http://127.0.0.1:{grpc}");
        channels[instance] = Channel(urls[instance]!);
    }

    /// <summary>Kills a generation instance outright, as a crash would.</summary>
    public async Task KillGenerationAsync(int instance)
    {
        await generation[instance]!.KillAsync();
        await generation[instance]!.DisposeAsync();
        generation[instance] = null;
    }

    /// <summary>Every service process's console output so far (their log lines).</summary>
    public IEnumerable<string> ProcessOutputs() => generation.Append(training).OfType<ServerProcess>().Concat(services).Select(process => process.Output);

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in channels)
        {
            channel?.Dispose();
        }
        // Kept for a failed run: each service's console output.
        var logs = services.Zip(["serving", "taxonomy", "judging"], (process, name) => (Name: name, Process: (ServerProcess?)process))
            .Concat(generation.Select((process, i) => (Name: $"generation-{i}", Process: process)))
            .Append((Name: "training", Process: training));
        foreach (var (name, process) in logs.Where(l => l.Process is not null))
        {
            await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), $"generation-stack-{name}.log"), process!.Output);
        }
        foreach (var process in generation.Append(training).OfType<ServerProcess>().Concat(services))
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

    private async Task StartAsync(string model, IReadOnlyDictionary<string, string> servingSettings)
    {
        var starting = new[] { LocalServer.StartRedisAsync(), LocalServer.StartRabbitMqAsync(firehose: true), LocalServer.StartS3Async() };
        Collector = await OtlpCollector.StartAsync();
        servers.AddRange(await Task.WhenAll(starting));
        var options = new ArtifactStoreOptions();
        options.ApplyConnectionString(S3.ConnectionString, "test");
        Artifacts = new MinioArtifactStore(options);

        var servingPort = FreePort.Next();
        Serving = new Uri($"http://127.0.0.1:{servingPort}");
        (taxonomyPorts, judgingPorts) = ((FreePort.Next(), FreePort.Next()), (FreePort.Next(), FreePort.Next()));
        services.AddRange(await Task.WhenAll(
            SuiteServiceProcess.StartAsync("Serving", servingPort, null, Settings(ResourceNames.Serving, new(servingSettings)
            {
                [$"Serving__Models__{Model}__Path"] = model,
                ["Serving__ApiKeys__0"] = ServingKey,
            })),
            SuiteServiceProcess.StartAsync("Taxonomy", taxonomyPorts.Http, taxonomyPorts.Grpc, Settings(ResourceNames.Taxonomy, new()
            {
                ["Taxonomy__AllowedLocalRoots__0"] = Workspace.Path,
                ["Taxonomy__CacheDirectory"] = Workspace.Combine("taxonomy-cache"),
            })),
            SuiteServiceProcess.StartAsync("Judging", judgingPorts.Http, judgingPorts.Grpc, Settings(ResourceNames.Judging, new()
            {
                [$"services__{ResourceNames.Serving}__http__0"] = Serving.ToString(),
                [$"services__{ResourceNames.Taxonomy}__grpc__0"] = $"http://127.0.0.1:{taxonomyPorts.Grpc}",
                ["Judging__Judge__ApiKey"] = ServingKey,
                ["Judging__Evaluation__Serving__ApiKey"] = ServingKey,
                ["Judging__Judge__Model"] = Model,
                ["Judging__MaxExplanationLength"] = "40",
            }))));
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
            await training.KillAsync();
            // Kept for a failed run: what the killed instance did up to its end.
            await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "generation-stack-training-killed.log"), training.Output);
            await training.DisposeAsync();
        }
        await StartTrainingAsync(trainingSettings ?? throw new InvalidOperationException("this stack runs no training instance"));
    }

    private async Task StartTrainingAsync(IReadOnlyDictionary<string, string> settings)
    {
        var (http, grpc) = (FreePort.Next(), FreePort.Next());
        training = await SuiteServiceProcess.StartAsync("Training", http, grpc, Settings(ResourceNames.Training, new(settings)
        {
            [$"services__{ResourceNames.Generation}__grpc__0"] = GenerationUrl(0).ToString(),
            [$"services__{ResourceNames.Judging}__grpc__0"] = JudgingUrl.ToString(),
            [$"services__{ResourceNames.Serving}__http__0"] = Serving.ToString(),
        }));
        TrainingUrl = new Uri($"http://127.0.0.1:{grpc}");
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
