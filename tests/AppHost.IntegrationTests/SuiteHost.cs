using Aspire.Hosting;
using Aspire.Hosting.Testing;
using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.AppHost.IntegrationTests;

/// <summary>Builds and starts the real AppHost (Projects.AppHost) for tests.</summary>
internal static class SuiteHost
{
    public static async Task<DistributedApplication> BuildAsync(TemporaryDirectory data, string endpointsFile, Uri? otlpCollector = null,
        params string[] extraArgs)
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
            (options, _) => options.DisableDashboard = true, TestContext.Current.CancellationToken);
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
