using System.Text.Json.Nodes;
using InstructLab.Aspire.TestSupport;
using InstructLab.Aspire.TestSupport.Servers;

namespace InstructLab.Aspire.Hosting.IntegrationTests;

/// <summary>
/// A real service process (taxonomy) started outside the AppHost with good and bad settings: bad ones must stop it
/// within seconds with the resource and the setting named, never leave it hanging.
/// </summary>
public sealed class ServiceStartupTests(InfrastructureFixture servers) : IClassFixture<InfrastructureFixture>
{
    private static readonly TimeSpan ExitLimit = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task WithGoodSettingsTheServiceIsHealthyAndReportsItsConnections()
    {
        var service = await SuiteServiceProcess.StartAsync("Taxonomy", grpc: true, Environment());
        await using var process = service.Process;
        using var client = new HttpClient { BaseAddress = service.Http };

        var health = await client.GetStringAsync("/health", TestContext.Current.CancellationToken);
        var info = JsonNode.Parse(await client.GetStringAsync("/info", TestContext.Current.CancellationToken))!;

        Assert.Equal("Healthy", health);
        Assert.Equal("taxonomy", (string)info["service"]!);
        Assert.All(info["connections"]!.AsArray(), c => Assert.True((bool)c!["healthy"]!, c.ToJsonString()));
        // Asked for port 0, it logged the ports the system gave it: the HTTP one answered above, gRPC speaks HTTP/2 only.
        Assert.NotEqual(0, service.Http.Port);
        Assert.NotEqual(service.Http.Port, service.GrpcUrl.Port);
        Assert.Contains($"Endpoint grpc listening on {service.GrpcUrl}", process.Output);
    }

    [Fact]
    public async Task AnUnreachableBrokerStopsTheServiceNamingMessaging()
    {
        var output = await FailingStartAsync(("ConnectionStrings__messaging", $"amqp://instructlab:x@127.0.0.1:{FreePort.Next()}/"));

        Assert.Contains("'messaging' (setting ConnectionStrings:messaging): rabbitmq at 127.0.0.1:", output);
        Assert.Contains("RabbitMQ is unreachable", output);
    }

    [Fact]
    public async Task AWrongBrokerPasswordStopsTheServiceNamingMessaging()
    {
        var output = await FailingStartAsync(("ConnectionStrings__messaging", $"amqp://instructlab:wrong@127.0.0.1:{servers.RabbitMq.Port}/"));

        Assert.Contains("'messaging' (setting ConnectionStrings:messaging)", output);
        Assert.Contains("RabbitMQ refused the credentials", output);
        Assert.DoesNotContain("instructlab:wrong", output);
    }

    [Fact]
    public async Task WrongS3CredentialsStopTheServiceNamingArtifacts()
    {
        var wrong = servers.S3.ConnectionString.Replace("AccessKey=", "AccessKey=WRONG", StringComparison.Ordinal);

        var output = await FailingStartAsync(("ConnectionStrings__artifacts", wrong));

        Assert.Contains("'artifacts' (setting ConnectionStrings:artifacts)", output);
        Assert.Contains("refused the credentials", output);
    }

    [Fact]
    public async Task AWrongRedisPasswordStopsTheServiceNamingCache()
    {
        var output = await FailingStartAsync(("ConnectionStrings__cache", $"127.0.0.1:{servers.Redis.Port},password=wrong"));

        Assert.Contains("'cache' (setting ConnectionStrings:cache): redis at 127.0.0.1:", output);
        Assert.Contains("Redis refused the password", output);
    }

    [Fact]
    public async Task AMissingConnectionStringIsNamed()
    {
        var output = await FailingStartAsync(("ConnectionStrings__messaging", ""));

        Assert.Contains("ConnectionStrings:messaging is not set", output);
    }

    private static string Executable => SuiteServiceProcess.Executable("Taxonomy");

    /// <summary>The service's folder, as under the AppHost: its appsettings.json is read from there.</summary>
    private static string WorkingDirectory => Path.GetDirectoryName(Executable)!;

    private Dictionary<string, string> Environment() => new()
    {
        ["ConnectionStrings__cache"] = servers.Redis.ConnectionString,
        ["ConnectionStrings__messaging"] = servers.RabbitMq.ConnectionString,
        ["ConnectionStrings__artifacts"] = servers.S3.ConnectionString,
        // Room for a loaded machine (six services starting at once on 2 cores): a diagnosed failure still exits at once.
        ["StartupChecks__Timeout"] = "00:00:30",
    };

    /// <returns>The output of a service that must fail to start.</returns>
    private async Task<string> FailingStartAsync((string Key, string Value) broken)
    {
        var environment = Environment();
        environment["DOTNET_ENVIRONMENT"] = "Development";
        environment["Kestrel__Endpoints__http__Url"] = "http://127.0.0.1:0";
        environment["Kestrel__Endpoints__grpc__Url"] = "http://127.0.0.1:0";
        environment[broken.Key] = broken.Value;
        await using var service = ServerProcess.Launch(Executable, [], environment, WorkingDirectory);

        var exitCode = await service.WaitForExitAsync(ExitLimit);

        Assert.NotEqual(0, exitCode);
        return service.Output;
    }
}
