using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.AppHost.IntegrationTests;

/// <summary>How the AppHost reads its Infrastructure settings; these build the application model without starting it.</summary>
public sealed class AppHostConfigurationTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnUnknownModeNamesTheSettingAndWhatIsAllowed()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => CreateAsync("--Infrastructure:Mode=bogus"));

        Assert.Contains("Infrastructure:Mode is 'bogus'; allowed values: auto, containers, executables, external.", Flatten(error));
    }

    [Fact]
    public async Task ExternalModeWithoutAConnectionStringNamesTheMissingOne()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => CreateAsync("--Infrastructure:Mode=external"));

        Assert.Contains("Infrastructure:Mode=external needs ConnectionStrings:cache", Flatten(error));
    }

    [Fact]
    public async Task AutoModeRunsLocalExecutablesWhenNoContainerRuntimeAnswers()
    {
        using var data = new TemporaryDirectory("auto");

        await using var builder = await CreateAsync("--Infrastructure:Mode=auto", "--Infrastructure:ContainerRuntime=no-such-container-cli",
            $"--Infrastructure:DataDirectory={data.Path}");

        foreach (var name in new[] { ResourceNames.Cache, ResourceNames.Messaging, ResourceNames.Artifacts })
        {
            var resource = builder.Resources.Single(r => r.Name == name);
            Assert.IsAssignableFrom<ExecutableResource>(resource);
            Assert.IsAssignableFrom<IResourceWithConnectionString>(resource);
        }
    }

    [Fact]
    public async Task ExternalModePassesTheConfiguredConnectionStringsThrough()
    {
        await using var builder = await CreateAsync("--Infrastructure:Mode=external",
            "--ConnectionStrings:cache=redis.example:6380,password=p",
            "--ConnectionStrings:messaging=amqp://u:p@rabbit.example:5672/",
            "--ConnectionStrings:artifacts=Endpoint=https://s3.example;AccessKey=a;SecretKey=s");

        var infrastructure = builder.Resources.Where(r => r.Name is ResourceNames.Cache or ResourceNames.Messaging or ResourceNames.Artifacts).ToList();
        var cache = (IResourceWithConnectionString)infrastructure.Single(r => r.Name == ResourceNames.Cache);

        Assert.Equal(3, infrastructure.Count);
        Assert.All(infrastructure, resource => Assert.IsType<ConnectionStringResource>(resource));
        Assert.Equal("redis.example:6380,password=p", await cache.ConnectionStringExpression.GetValueAsync(Cancel));
    }

    private static Task<IDistributedApplicationTestingBuilder> CreateAsync(params string[] args) =>
        DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(args, (options, _) => options.DisableDashboard = true, Cancel);

    private static string Flatten(Exception error) =>
        error is AggregateException aggregate ? string.Join(" | ", aggregate.Flatten().InnerExceptions.Select(Flatten))
        : error.InnerException is null ? error.Message : $"{error.Message} | {Flatten(error.InnerException)}";
}
