using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Aspire.Hosting.ApplicationModel;
using Grpc.Net.Client;
using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Contracts.Security;
using InstructLab.Aspire.TestSupport;
using Microsoft.Extensions.DependencyInjection;

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
            // The suite's model folder (serving lists its GGUFs, training trains them): the test's own, not the user's downloads.
            $"--Models:Directory={data.Combine("models")}",
            // Nothing may come from a model hub here.
            "--Serving:DownloadDefaultModels=false",
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

    /// <summary>A channel to one of the suite's gRPC services with the suite's API key, as the AppHost generated it.</summary>
    public static async Task<GrpcChannel> ChannelAsync(DistributedApplication app, string service) =>
        SuiteApiKey.Channel(app.GetEndpoint(service, EndpointNames.Grpc), await ParameterAsync(app, SuiteApiKey.ParameterName));

    /// <summary>A generated secret parameter's value.</summary>
    public static async Task<string> ParameterAsync(DistributedApplication app, string name)
    {
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        return (await model.Resources.OfType<ParameterResource>().Single(p => p.Name == name).GetValueAsync(TestContext.Current.CancellationToken))!;
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
