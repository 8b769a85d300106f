using Aspire.Hosting;
using Aspire.Hosting.Testing;
using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.AppHost.IntegrationTests;

/// <summary>Builds and starts the real AppHost (Projects.AppHost) for tests.</summary>
internal static class SuiteHost
{
    public static Task<DistributedApplication> BuildAsync(TemporaryDirectory data, string endpointsFile, Uri? otlpCollector = null,
        params string[] extraArgs) => BuildAsync(data, endpointsFile, otlpCollector, dashboard: null, extraArgs);

    /// <summary>
    /// With <paramref name="dashboard"/> (its settings: URLs, browser token), the Aspire dashboard runs too; set after the
    /// testing builder's own defaults, which would otherwise pick a port and a token of their own.
    /// </summary>
    public static async Task<DistributedApplication> BuildAsync(TemporaryDirectory data, string endpointsFile, Uri? otlpCollector,
        IReadOnlyDictionary<string, string>? dashboard, params string[] extraArgs)
    {
        string[] args =
        [
            "--Infrastructure:Mode=executables",
            $"--Infrastructure:DataDirectory={data.Path}",
            $"--Suite:EndpointsFile={endpointsFile}",
            .. otlpCollector is null ? Array.Empty<string>() : [$"--ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL={otlpCollector}"],
            .. extraArgs,
        ];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(args,
            (options, _) => options.DisableDashboard = dashboard is null, TestContext.Current.CancellationToken);
        foreach (var (key, value) in dashboard ?? new Dictionary<string, string>())
        {
            builder.Configuration[key] = value;
        }
        return await builder.BuildAsync(TestContext.Current.CancellationToken);
    }

    public static async Task StartAndWaitHealthyAsync(DistributedApplication app, TimeSpan limit)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(limit);
        await app.StartAsync(deadline.Token);
        await Task.WhenAll(SuiteFixture.AllResources.Select(resource =>
            app.ResourceNotifications.WaitForResourceHealthyAsync(resource, deadline.Token)));
    }
}
