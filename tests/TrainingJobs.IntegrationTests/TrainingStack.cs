using Grpc.Net.Client;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Contracts.Training.V1;
using InstructLab.Aspire.TestSupport;
using InstructLab.Aspire.TestSupport.Servers;
using InstructLab.Aspire.TestSupport.Telemetry;

[assembly: AssemblyFixture(typeof(InstructLab.Aspire.TrainingJobs.IntegrationTests.TrainingStack))]

namespace InstructLab.Aspire.TrainingJobs.IntegrationTests;

/// <summary>
/// What training jobs run on, each a real process on real Redis, RabbitMQ and S3: serving (which loads what training
/// publishes) and two training instances, each with its own work folder (a job that moves between them restores its
/// checkpoints from S3), segments of two seconds (so every job runs in several work items) and single-threaded
/// torch (so a job's weights can be compared bit for bit with a run in this process). The student is stories260K.
/// </summary>
public sealed class TrainingStack : IAsyncLifetime
{
    public const string StudentKey = "students/stories260K.gguf";
    public const string AutoTrainedId = "auto-student";

    private readonly List<LocalServer> servers = [];
    private readonly SuiteService?[] training = new SuiteService?[2];
    private readonly GrpcChannel?[] channels = new GrpcChannel?[2];
    private readonly Uri?[] urls = new Uri?[2];
    private readonly Uri?[] httpUrls = new Uri?[2];
    private SuiteService? serving;

    public string ServingKey { get; } = $"serving-{Guid.NewGuid():N}";

    /// <summary>What both training instances sign report links with.</summary>
    public string ReportSigningKey { get; } = $"reports-{Guid.NewGuid():N}";

    public TemporaryDirectory Workspace { get; } = new("training-stack");

    public Uri Serving { get; private set; } = null!;

    public LocalServer Redis => servers[0];

    public LocalServer RabbitMq => servers[1];

    public MinioArtifactStore Artifacts { get; private set; } = null!;

    /// <summary>Receives every service's spans (OTLP).</summary>
    public OtlpCollector Collector { get; private set; } = null!;

    public string StudentPath { get; private set; } = "";

    public TrainingService.TrainingServiceClient Client => ClientOf(0);

    public TrainingService.TrainingServiceClient ClientOf(int instance) => new(channels[instance]!);

    public ServerProcess Instance(int instance) => training[instance]!.Process;

    /// <summary>An instance's gRPC address, as lab's --endpoint takes it.</summary>
    public Uri TrainingUrl(int instance) => urls[instance]!;

    /// <summary>An instance's HTTP address (health, report pages).</summary>
    public Uri TrainingHttpUrl(int instance) => httpUrls[instance]!;

    public async ValueTask InitializeAsync()
    {
        StudentPath = SharedFiles.RequireModel("stories260K.gguf");
        Collector = await OtlpCollector.StartAsync();
        servers.AddRange(await Task.WhenAll(LocalServer.StartRedisAsync(), LocalServer.StartRabbitMqAsync(), LocalServer.StartS3Async()));
        var options = new ArtifactStoreOptions();
        options.ApplyConnectionString(servers[2].ConnectionString, "test");
        Artifacts = new MinioArtifactStore(options);
        await Artifacts.EnsureBucketAsync();
        await Artifacts.PutFileAsync(StudentKey, StudentPath);

        await Task.WhenAll(StartServingAsync(), StartTrainingAsync(0), StartTrainingAsync(1));
    }

    /// <summary>(Re)starts serving on a fresh port; it knows no model but those the suite published.</summary>
    public async Task StartServingAsync()
    {
        if (serving is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "training-stack-serving.log"), serving.Process.Output);
            await serving.Process.DisposeAsync();
        }
        serving = await SuiteServiceProcess.StartAsync("Serving", grpc: false, Settings(ResourceNames.Serving, new()
        {
            ["Serving__ApiKeys__0"] = ServingKey,
            ["Serving__ModelCacheDirectory"] = Workspace.Combine("serving-cache"),
            ["Serving__DownloadDefaultModels"] = "false",
        }));
        Serving = serving.Http;
    }

    /// <summary>(Re)starts a training instance on fresh ports, with its own work folder.</summary>
    public async Task StartTrainingAsync(int instance)
    {
        training[instance] = await SuiteServiceProcess.StartAsync("Training", grpc: true, Settings(ResourceNames.Training, new()
        {
            ["Training__WorkDirectory"] = Workspace.Combine($"worker-{instance}"),
            ["Training__SegmentTime"] = "00:00:02",
            ["Training__LeaseTime"] = "00:00:03",
            ["Training__Threads"] = "1",
            ["Training__AllowedLocalRoots__0"] = Workspace.Path,
            ["Training__AutoTrain__Student"] = "artifact:" + StudentKey,
            ["Training__AutoTrain__OutputModelId"] = AutoTrainedId,
            ["Training__AutoTrain__KnowledgeEpochs"] = "1",
            ["Training__AutoTrain__SkillsEpochs"] = "1",
            ["Training__AutoTrain__EffectiveBatchSize"] = "4",
            ["Training__Reports__SigningKey"] = ReportSigningKey,
        }));
        channels[instance]?.Dispose();
        urls[instance] = training[instance]!.GrpcUrl;
        httpUrls[instance] = training[instance]!.Http;
        channels[instance] = GrpcChannel.ForAddress(urls[instance]!);
    }

    /// <summary>Kills a training instance outright, as a crash would.</summary>
    public async Task KillTrainingAsync(int instance)
    {
        await training[instance]!.Process.KillAsync();
        await training[instance]!.Process.DisposeAsync();
        training[instance] = null;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in channels)
        {
            channel?.Dispose();
        }
        for (var i = 0; i < training.Length; i++)
        {
            if (training[i] is { } instance)
            {
                // Kept for a failed run: each instance's console output.
                await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), $"training-stack-instance-{i}.log"), instance.Process.Output);
                await instance.Process.DisposeAsync();
            }
        }
        if (serving is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "training-stack-serving.log"), serving.Process.Output);
            await serving.Process.DisposeAsync();
        }
        Artifacts?.Dispose();
        if (Collector is not null)
        {
            await Collector.DisposeAsync();
        }
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
        own["OTEL_EXPORTER_OTLP_ENDPOINT"] = Collector.Endpoint.ToString();
        own["OTEL_BSP_SCHEDULE_DELAY"] = "500";
        return own;
    }
}
