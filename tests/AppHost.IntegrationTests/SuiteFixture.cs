using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.TestSupport;
using InstructLab.Aspire.TestSupport.Telemetry;

namespace InstructLab.Aspire.AppHost.IntegrationTests;

/// <summary>
/// The real AppHost, started once for a test class: local Redis, RabbitMQ and S3 servers, the five services, their
/// telemetry exported to an OTLP collector in the test process, the CLI's endpoints file in a temporary folder.
/// </summary>
public sealed class SuiteFixture : IAsyncLifetime
{
    public static readonly string[] AllResources =
        [ResourceNames.Cache, ResourceNames.Messaging, ResourceNames.Artifacts, .. ResourceNames.Services];

    private static readonly TimeSpan StartupLimit = TimeSpan.FromMinutes(4);

    public TemporaryDirectory Data { get; } = new("suite");

    public string EndpointsFile => Data.Combine("endpoints.json");

    public OtlpCollector Collector { get; private set; } = null!;

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>From StartAsync to every resource healthy.</summary>
    public TimeSpan StartupTime { get; private set; }

    public async ValueTask InitializeAsync()
    {
        Collector = await OtlpCollector.StartAsync();
        App = await SuiteHost.BuildAsync(Data, EndpointsFile, Collector.Endpoint, $"--Taxonomy:AllowedLocalRoots:0={Data.Path}");
        var clock = Stopwatch.StartNew();
        await SuiteHost.StartAndWaitHealthyAsync(App, StartupLimit);
        StartupTime = clock.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }
        if (Collector is not null)
        {
            await Collector.DisposeAsync();
        }
        Data.Dispose();
    }
}
