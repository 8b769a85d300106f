using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;
using InstructLab.Aspire.Contracts.Security;
using InstructLab.Aspire.Contracts.Suite.V1;
using InstructLab.Aspire.Contracts.Taxonomy.V1;
using InstructLab.Aspire.TestSupport;
using InstructLab.Aspire.TestSupport.Servers;

namespace InstructLab.Aspire.Hosting.IntegrationTests;

/// <summary>
/// The suite's API key on a real service (taxonomy): every gRPC call, unary or streaming, GetInfo included, and
/// <c>GET /info</c> need it; health probes stay open; without a key the service will not listen beyond loopback.
/// </summary>
public sealed class SuiteKeyTests(InfrastructureFixture servers) : IClassFixture<InfrastructureFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithAKeyEveryCallWithoutItIsUnauthenticatedAndHealthStaysOpen()
    {
        var key = $"suite-{Guid.NewGuid():N}";
        var service = await SuiteServiceProcess.StartAsync("Taxonomy", grpc: true, Settings(("Suite__ApiKey", key)));
        await using var process = service.Process;
        var address = service.GrpcUrl;

        foreach (var given in new[] { null, "wrong", key + "x", key[..^1] })
        {
            using var channel = SuiteApiKey.Channel(address, given);
            var client = new TaxonomyService.TaxonomyServiceClient(channel);
            var info = await Assert.ThrowsAsync<RpcException>(() => client.GetInfoAsync(new GetInfoRequest(), cancellationToken: Cancel).ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, info.StatusCode);
            Assert.Contains("suite's API key", info.Status.Detail);
            using var leaves = client.GetLeaves(new GetLeavesRequest(), cancellationToken: Cancel);
            Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(() => leaves.ResponseStream.MoveNext(Cancel))).StatusCode);
        }
        using (var channel = SuiteApiKey.Channel(address, key))
        {
            var client = new TaxonomyService.TaxonomyServiceClient(channel);
            Assert.Equal("taxonomy", (await client.GetInfoAsync(new GetInfoRequest(), cancellationToken: Cancel)).Service);
            // Past the key, the request itself is judged: no source is a bad argument, not a missing key.
            using var leaves = client.GetLeaves(new GetLeavesRequest(), cancellationToken: Cancel);
            Assert.Equal(StatusCode.InvalidArgument, (await Assert.ThrowsAsync<RpcException>(() => leaves.ResponseStream.MoveNext(Cancel))).StatusCode);
        }

        using var web = new HttpClient { BaseAddress = service.Http };
        Assert.Equal("Healthy", await web.GetStringAsync("/health", Cancel));
        Assert.Equal(HttpStatusCode.OK, (await web.GetAsync("/alive", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await web.GetAsync("/info", Cancel)).StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/info") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", key) } };
        Assert.Equal(HttpStatusCode.OK, (await web.SendAsync(request, Cancel)).StatusCode);
    }

    [Fact]
    public async Task WithoutAKeyTheServiceWillNotListenBeyondLoopbackUnlessToldItIsInsecure()
    {
        var exposed = Settings(("Kestrel__Endpoints__grpc__Url", "http://0.0.0.0:0"), ("Kestrel__Endpoints__http__Url", "http://127.0.0.1:0"));
        var executable = SuiteServiceProcess.Executable("Taxonomy");
        await using (var refused = ServerProcess.Launch(executable, [], exposed, Path.GetDirectoryName(executable)))
        {
            Assert.NotEqual(0, await refused.WaitForExitAsync(TimeSpan.FromSeconds(90)));
            Assert.Contains("grpc (http://0.0.0.0:0) listens beyond this machine and Suite:ApiKey is not set", refused.Output);
        }

        exposed["Suite__Insecure"] = "true";
        var (insecure, addresses) = await ServerProcess.StartReportingAsync(executable, [], exposed, SuiteServiceProcess.ListeningLine(), ["grpc"],
            TimeSpan.FromSeconds(90), Path.GetDirectoryName(executable));
        await using var _ = insecure;
        using var channel = SuiteApiKey.Channel(addresses["grpc"], apiKey: null);
        Assert.Equal("taxonomy", (await new TaxonomyService.TaxonomyServiceClient(channel).GetInfoAsync(new GetInfoRequest(), cancellationToken: Cancel)).Service);
    }

    private Dictionary<string, string> Settings(params (string Key, string Value)[] own)
    {
        var settings = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__cache"] = servers.Redis.ConnectionString,
            ["ConnectionStrings__messaging"] = servers.RabbitMq.ConnectionString,
            ["ConnectionStrings__artifacts"] = servers.S3.ConnectionString,
            ["StartupChecks__Timeout"] = "00:00:30",
        };
        foreach (var (key, value) in own)
        {
            settings[key] = value;
        }
        return settings;
    }
}
