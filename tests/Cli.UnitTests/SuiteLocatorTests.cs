using InstructLab.Aspire.Cli.Suite;
using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Contracts.Discovery;
using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.Cli.UnitTests;

/// <summary>How lab finds the suite: --endpoint, then LAB_&lt;NAME&gt;_URL, then the file a running AppHost writes.</summary>
public sealed class SuiteLocatorTests : IDisposable
{
    private readonly TemporaryDirectory folder = new("locator");

    [Fact]
    public void FlagsWinOverEnvironmentWhichWinsOverTheFile()
    {
        var file = WriteEndpoints(Environment.ProcessId);
        var environment = new Dictionary<string, string> { ["LAB_JUDGING_URL"] = "http://127.0.0.1:7002" };

        var found = new SuiteLocator(environment.GetValueOrDefault).Locate(ResourceNames.Services, ["taxonomy=http://127.0.0.1:7001"], file);

        Assert.Equal(("http://127.0.0.1:7001/", "--endpoint"), (found["taxonomy"].Url.ToString(), found["taxonomy"].Source));
        Assert.Equal(("http://127.0.0.1:7002/", "LAB_JUDGING_URL"), (found["judging"].Url.ToString(), found["judging"].Source));
        Assert.Equal("http://127.0.0.1:5121/", found["generation"].Url.ToString()); // gRPC endpoint from the file
        Assert.Equal("http://127.0.0.1:5150/", found["serving"].Url.ToString());    // serving: its HTTP endpoint
    }

    [Fact]
    public void TheFileComesFromTheEnvironmentWhenNoFlagNamesIt()
    {
        var file = WriteEndpoints(Environment.ProcessId);
        var environment = new Dictionary<string, string> { [SuiteEndpointsFile.EnvironmentVariable] = file };

        var found = new SuiteLocator(environment.GetValueOrDefault).Locate([ResourceNames.Training], null, null);

        Assert.Equal(file, found["training"].Source);
    }

    [Fact]
    public void AFileOfAStoppedSuiteIsReportedAsSuch()
    {
        var file = WriteEndpoints(processId: 999_999);

        var error = Assert.Throws<LabException>(() => new SuiteLocator(_ => null).Locate(ResourceNames.Services, null, file));

        Assert.Contains("(AppHost process 999999) is no longer running", error.Message);
    }

    [Theory]
    [InlineData("nope=http://x", "expected NAME=URL with NAME one of taxonomy, generation, judging, training, serving")]
    [InlineData("taxonomy=ftp://x", "is not an http:// or https:// URL")]
    public void BadFlagsSayWhatIsAllowed(string flag, string message)
    {
        var error = Assert.Throws<LabException>(() => new SuiteLocator(_ => null).Locate(ResourceNames.Services, [flag], folder.Combine("none.json")));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void NoRunningSuiteSaysHowToStartOne()
    {
        var error = Assert.Throws<LabException>(() => new SuiteLocator(_ => null).Locate(ResourceNames.Services, null, folder.Combine("none.json")));

        Assert.Contains("Start one with eng/up.sh", error.Message);
    }

    public void Dispose() => folder.Dispose();

    private string WriteEndpoints(int processId)
    {
        var path = folder.Combine($"endpoints-{processId}.json");
        SuiteEndpointsFile.Write(path, new SuiteEndpoints
        {
            AppHostProcessId = processId,
            WrittenAt = DateTimeOffset.UtcNow,
            Services = ResourceNames.Services.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => new ServiceEndpoints(
                $"http://127.0.0.1:{5110 + 10 * x.i}", x.s == ResourceNames.Serving ? null : $"http://127.0.0.1:{5111 + 10 * x.i}")),
        });
        return path;
    }
}
