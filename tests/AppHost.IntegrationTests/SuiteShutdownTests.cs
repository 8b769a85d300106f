using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.AppHost.IntegrationTests;

public sealed class SuiteShutdownTests(ITestOutputHelper output)
{
    [Fact]
    public async Task NoServerOfTheSuiteOutlivesTheAppHost()
    {
        using var data = new TemporaryDirectory("shutdown");
        var endpointsFile = data.Combine("endpoints.json");
        var app = await SuiteHost.BuildAsync(data, endpointsFile);
        IReadOnlyList<ProcessTable.Entry> servers;
        try
        {
            await SuiteHost.StartAndWaitHealthyAsync(app, TimeSpan.FromMinutes(4));
            // Every local server runs with its data folder as working directory.
            servers = ProcessTable.WorkingUnder(data.Path);
            output.WriteLine(string.Join(Environment.NewLine, servers.Select(s => $"{s.ProcessId} {s.Name} in {s.WorkingDirectory}")));
            Assert.Contains(servers, s => s.Name == "redis-server");
            Assert.Contains(servers, s => s.Name == "beam.smp");
            Assert.Contains(servers, s => s.Name == "epmd");
            Assert.Contains(servers, s => s.Name == "node");
            Assert.True(File.Exists(endpointsFile), "the AppHost publishes its endpoints for the CLI");
        }
        finally
        {
            await app.StopAsync(TestContext.Current.CancellationToken);
            await app.DisposeAsync();
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (servers.Any(s => ProcessTable.IsAlive(s.ProcessId)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
        Assert.Empty(servers.Where(s => ProcessTable.IsAlive(s.ProcessId)).Select(s => $"{s.ProcessId} {s.Name}"));
        Assert.Empty(ProcessTable.WorkingUnder(data.Path).Select(s => $"{s.ProcessId} {s.Name}"));
        Assert.False(File.Exists(endpointsFile), "the endpoints file goes when the AppHost stops");
    }
}
