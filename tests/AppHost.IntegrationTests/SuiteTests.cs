using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Cli;
using InstructLab.Aspire.Cli.Suite;
using InstructLab.Aspire.Contracts;
using Grpc.Core;
using InstructLab.Aspire.Contracts.Messages;
using InstructLab.Aspire.Contracts.Security;
using InstructLab.Aspire.Contracts.Suite.V1;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Spectre.Console;
using StackExchange.Redis;

namespace InstructLab.Aspire.AppHost.IntegrationTests;

/// <summary>The whole suite, started once by <see cref="SuiteFixture"/>; each test reads what the real processes do.</summary>
public sealed partial class SuiteTests(SuiteFixture suite, ITestOutputHelper output) : IClassFixture<SuiteFixture>
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(45);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public void EveryResourceIsRunningAndHealthy()
    {
        output.WriteLine($"start-up to all healthy: {suite.StartupTime.TotalSeconds:0.0} s");
        foreach (var name in SuiteFixture.AllResources)
        {
            Assert.True(suite.App.ResourceNotifications.TryGetCurrentState(name, out var state), $"no state for {name}");
            Assert.Equal(KnownResourceStates.Running, state.Snapshot.State?.Text);
            Assert.Equal(HealthStatus.Healthy, state.Snapshot.HealthStatus);
        }
    }

    [Fact]
    public async Task EveryServiceHearsEveryOtherOverTheBusAndReadsItsManifestFromTheArtifactStore()
    {
        using var client = CliClient();
        var infos = await WaitForAsync(async () =>
        {
            var all = await Task.WhenAll(ResourceNames.Services.Select(s => client.GetInfoAsync(s, TimeSpan.FromSeconds(10), Cancel)));
            return all.All(info => info.Peers.Count >= ResourceNames.Services.Count - 1) ? all : null;
        });

        foreach (var listener in infos)
        {
            foreach (var speaker in infos.Where(info => info.Service != listener.Service))
            {
                // The announcement carries only the manifest's key: the version and host can only come from the manifest.
                var peer = Assert.Single(listener.Peers, p => p.InstanceId == speaker.InstanceId);
                Assert.Equal((speaker.Service, speaker.Version, speaker.Host), (peer.Service, peer.Version, peer.Host));
            }
        }
    }

    [Fact]
    public async Task AManifestWrittenByOneServiceIsTheOneAnotherServiceReports()
    {
        using var client = CliClient();
        var generation = await client.GetInfoAsync(ResourceNames.Generation, TimeSpan.FromSeconds(10), Cancel);
        var options = new ArtifactStoreOptions();
        options.ApplyConnectionString((await suite.App.GetConnectionStringAsync(ResourceNames.Artifacts, Cancel))!, "test");
        using var store = new MinioArtifactStore(options);

        var manifest = await store.ReadJsonAsync<ServiceInstanceManifest>(
            ServiceInstanceManifest.KeyFor(ResourceNames.Generation, Guid.Parse(generation.InstanceId)), Cancel);
        var taxonomy = await WaitForAsync(async () =>
        {
            var info = await client.GetInfoAsync(ResourceNames.Taxonomy, TimeSpan.FromSeconds(10), Cancel);
            return info.Peers.Any(p => p.InstanceId == generation.InstanceId) ? info : null;
        });

        Assert.Equal((generation.Version, generation.Build, generation.ProcessId), (manifest.Version, manifest.Build, manifest.ProcessId));
        Assert.Equal(manifest.Version, taxonomy.Peers.Single(p => p.InstanceId == generation.InstanceId).Version);
    }

    [Fact]
    public async Task RedisRoundTripsThroughTheCacheConnectionString()
    {
        var connectionString = await suite.App.GetConnectionStringAsync(ResourceNames.Cache, Cancel);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(connectionString!);
        var key = $"test:{Guid.NewGuid():N}";

        await redis.GetDatabase().StringSetAsync(key, "round trip", TimeSpan.FromMinutes(1));

        Assert.Equal("round trip", (string?)await redis.GetDatabase().StringGetAsync(key));
    }

    [Fact]
    public async Task TheCliGetsInfoFromTheFourGrpcServicesAndServing()
    {
        var console = TestConsole(out var written);

        var exitCode = await LabCli.RunAsync(["system", "info", "--json", "--endpoints-file", suite.EndpointsFile], console, Cancel);

        var services = JsonNode.Parse(written.ToString())!["services"]!.AsArray();
        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Equal(ResourceNames.Services, services.Select(s => (string)s!["service"]!));
        Assert.All(services, service =>
        {
            Assert.Null(service!["error"]);
            var connections = service["connections"]!.AsArray();
            Assert.Equal([ResourceNames.Cache, ResourceNames.Messaging, ResourceNames.Artifacts], connections.Select(c => (string)c!["resource"]!));
            Assert.All(connections, c => Assert.True((bool)c!["healthy"]!));
        });
        var training = services.Single(s => (string)s!["service"]! == ResourceNames.Training)!;
        Assert.Contains("[[7,10],[15,22]]", (string)training["details"]!["torch"]!);
    }

    [Fact]
    public async Task EveryGrpcServiceRefusesACallWithoutTheSuitesKeyAndTakesItWithTheKey()
    {
        var key = await SuiteHost.ParameterAsync(suite.App, SuiteApiKey.ParameterName);
        foreach (var service in new[] { ResourceNames.Taxonomy, ResourceNames.Generation, ResourceNames.Judging, ResourceNames.Training })
        {
            var address = suite.App.GetEndpoint(service, EndpointNames.Grpc);
            foreach (var (given, expected) in new[] { (null, StatusCode.Unauthenticated), ("not-the-key", StatusCode.Unauthenticated), (key, StatusCode.OK) })
            {
                using var channel = SuiteApiKey.Channel(address, given);
                Assert.True(expected == await GetInfoStatusAsync(service, channel), $"{service} with {(given is null ? "no key" : given == key ? "the key" : "a wrong key")}");
            }
        }
    }

    private static async Task<StatusCode> GetInfoStatusAsync(string service, Grpc.Net.Client.GrpcChannel channel)
    {
        var request = new GetInfoRequest();
        try
        {
            _ = service switch
            {
                ResourceNames.Taxonomy => await new Contracts.Taxonomy.V1.TaxonomyService.TaxonomyServiceClient(channel).GetInfoAsync(request, cancellationToken: Cancel),
                ResourceNames.Generation => await new Contracts.Generation.V1.GenerationService.GenerationServiceClient(channel).GetInfoAsync(request, cancellationToken: Cancel),
                ResourceNames.Judging => await new Contracts.Judging.V1.JudgingService.JudgingServiceClient(channel).GetInfoAsync(request, cancellationToken: Cancel),
                _ => await new Contracts.Training.V1.TrainingService.TrainingServiceClient(channel).GetInfoAsync(request, cancellationToken: Cancel),
            };
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    [Fact]
    public async Task OneTraceSpansTwoServices()
    {
        // A presence announcement: published by one service, consumed by another, parent and child in one trace.
        var (producer, consumer) = await suite.Collector.WaitForAsync(spans =>
        {
            var byId = spans.GroupBy(s => s.SpanId).ToDictionary(g => g.Key, g => g.First());
            var child = spans.FirstOrDefault(s => s.Kind == 5 && byId.TryGetValue(s.ParentSpanId, out var parent)
                && parent.Kind == 4 && parent.Service != s.Service && ResourceNames.Services.Contains(s.Service));
            return child is null ? null : Tuple.Create(byId[child.ParentSpanId], child);
        }, Settle);

        output.WriteLine($"{producer.Service}: {producer.Name} -> {consumer.Service}: {consumer.Name} (trace {consumer.TraceId})");
        Assert.Equal(producer.TraceId, consumer.TraceId);
        Assert.Contains(producer.Service, ResourceNames.Services);
        Assert.Equal("MassTransit", consumer.Scope);
        Assert.Equal("urn:message:InstructLab.Aspire.Contracts.Messages:ServiceInstanceAnnounced",
            consumer.Attributes["messaging.masstransit.message_types"]);
    }

    [Fact]
    public async Task ServingsResourceSaysWhereItStandsWithTheDefaultModels()
    {
        // This suite has no model and may not download any: serving says so, with the command to run, on its resource.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        var state = await suite.App.ResourceNotifications.WaitForResourceAsync(ResourceNames.Serving,
            e => e.Snapshot.Properties.Any(p => p.Name == "Default models"), deadline.Token);

        var value = state.Snapshot.Properties.Single(p => p.Name == "Default models").Value?.ToString();
        Assert.StartsWith("none (Serving:DownloadDefaultModels is off); run `lab model download` to put the defaults into ", value);
    }

    [Fact]
    public async Task AnIdleSuiteLeavesNoTraceForAMinute()
    {
        // Start-up's traces (announcements, bus topology, first connections) come out within the settle time.
        await suite.Collector.WaitForAsync(spans => spans.Count(s => s.Name.StartsWith("artifacts ", StringComparison.Ordinal)) > 10 ? spans : null, Settle);
        await Task.Delay(TimeSpan.FromSeconds(5), Cancel);
        var before = suite.Collector.Spans.Select(s => s.TraceId).ToHashSet();

        // Nothing happens for a minute but what the suite does by itself: health probes, keep-alives, timers.
        await Task.Delay(TimeSpan.FromSeconds(65), Cancel);

        var idle = suite.Collector.Spans.Where(s => !before.Contains(s.TraceId)).ToList();
        foreach (var span in idle.Where(s => s.ParentSpanId.Length == 0).Take(20))
        {
            output.WriteLine($"{span.Service}: {span.Name} ({span.Scope}) {string.Join(", ", span.Attributes.Select(a => $"{a.Key}={a.Value}"))}");
        }
        Assert.Empty(idle.Select(s => $"{s.Service}: {s.Name} ({s.Scope})").Distinct());
    }

    [Fact]
    public async Task HealthProbesLeaveNoTraces()
    {
        // Aspire probes /health every few seconds; wait until traces from after start-up have been exported.
        await suite.Collector.WaitForAsync(spans => spans.Count(s => s.Name.StartsWith("artifacts ", StringComparison.Ordinal)) > 10 ? spans : null, Settle);
        await Task.Delay(TimeSpan.FromSeconds(5), Cancel);

        var fromHealthChecks = suite.Collector.Spans.Where(s => s.Attributes.GetValueOrDefault("artifacts.key") == "suite/health/").ToList();
        var probeRequests = suite.Collector.Spans.Where(s => s.Attributes.GetValueOrDefault("url.path") is "/health" or "/alive").ToList();

        Assert.Empty(fromHealthChecks);
        Assert.Empty(probeRequests);
    }

    private SuiteClient CliClient() =>
        new(SuiteLocator.FromProcessEnvironment().Locate(ResourceNames.Services, null, suite.EndpointsFile));

    private static IAnsiConsole TestConsole(out StringWriter written)
    {
        written = new StringWriter();
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(written),
        });
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> attempt) where T : class
    {
        var deadline = DateTime.UtcNow + Settle;
        while (true)
        {
            if (await attempt() is { } result)
            {
                return result;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Nothing matched within {Settle}.");
            await Task.Delay(500, Cancel);
        }
    }
}
