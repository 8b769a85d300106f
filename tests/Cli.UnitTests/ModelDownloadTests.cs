using System.Security.Cryptography;
using System.Text.Json.Nodes;
using InstructLab.Aspire.TestSupport;
using InstructLab.Aspire.TestSupport.Servers;

namespace InstructLab.Aspire.Cli.UnitTests;

/// <summary>
/// lab model download against a local server that answers as the Hugging Face hub does (see <see cref="FakeHub"/>).
/// HF_ENDPOINT and HF_TOKEN are process-wide, so these tests run one after another in this class, and no other test reads them.
/// </summary>
public sealed class ModelDownloadTests : IAsyncLifetime
{
    private readonly TemporaryDirectory models = new("model-download");
    private FakeHub hub = null!;

    public async ValueTask InitializeAsync()
    {
        hub = await FakeHub.StartAsync();
        Environment.SetEnvironmentVariable("HF_ENDPOINT", hub.Endpoint.ToString());
        Environment.SetEnvironmentVariable("HF_TOKEN", null);
    }

    public async ValueTask DisposeAsync()
    {
        Environment.SetEnvironmentVariable("HF_ENDPOINT", null);
        Environment.SetEnvironmentVariable("HF_TOKEN", null);
        await hub.DisposeAsync();
        models.Dispose();
    }

    [Fact]
    public async Task ARepositorysPreferredGgufIsFetchedThroughTheRedirectCheckedAndKeptWithoutTheTokenLeavingTheHub()
    {
        hub.Add("acme/tiny-GGUF", "tiny-Q8_0.gguf", 200_000, seed: 1);
        var wanted = hub.Add("acme/tiny-GGUF", "tiny-Q4_K_M.gguf", 300_000, seed: 2);
        Environment.SetEnvironmentVariable("HF_TOKEN", "hf_not-for-storage");

        var (code, output) = await LabRun.RunAsync("model", "download", "acme/tiny-GGUF", "--model-dir", models.Path);

        Assert.True(code == ExitCodes.Ok, output);
        Assert.Equal(wanted, await File.ReadAllBytesAsync(models.Combine("tiny-Q4_K_M.gguf"), TestContext.Current.CancellationToken));
        Assert.Contains($"acme/tiny-GGUF/tiny-Q4_K_M.gguf (main): downloaded, 300,000 bytes, SHA-256 {Sha(wanted)}", output);
        var request = Assert.Single(hub.StorageRequests);
        Assert.False(request.Authorized, "the token went to the storage host a resolve URL redirects to");
        Assert.Equal(["tiny-Q4_K_M.gguf"], Directory.GetFiles(models.Path).Select(Path.GetFileName));

        // Again: the file is there with the hub's checksum, so nothing is fetched.
        var (again, json) = await LabRun.RunAsync("model", "download", "acme/tiny-GGUF", "--file", "tiny-Q4_K_M.gguf", "--model-dir", models.Path, "--json");
        Assert.Equal(ExitCodes.Ok, again);
        var model = JsonNode.Parse(json)!["models"]![0]!;
        Assert.Equal((false, Sha(wanted)), ((bool)model["downloaded"]!, (string)model["sha256"]!));
        Assert.Single(hub.StorageRequests);
    }

    [Fact]
    public async Task ADroppedConnectionIsResumedWhereItStopped()
    {
        var wanted = hub.Add("acme/resume-GGUF", "resume-Q4_K_M.gguf", 500_000, seed: 3);
        hub.DropNext = 2;

        var (code, output) = await LabRun.RunAsync("model", "download", "acme/resume-GGUF", "--model-dir", models.Path);

        Assert.True(code == ExitCodes.Ok, output);
        Assert.Equal(wanted, await File.ReadAllBytesAsync(models.Combine("resume-Q4_K_M.gguf"), TestContext.Current.CancellationToken));
        // Two drops after 64 KiB each: the first request from 0, then from 65536, then from 131072.
        Assert.Equal([null, "bytes=65536-", "bytes=131072-"], hub.StorageRequests.Select(r => r.Range));
        Assert.False(File.Exists(models.Combine("resume-Q4_K_M.gguf.part")));
    }

    [Fact]
    public async Task AGatedRepositorySaysToSetHfTokenAndWorksWithIt()
    {
        hub.Add("acme/gated-GGUF", "gated-Q4_K_M.gguf", 10_000, seed: 4);
        hub.GatedRepository = "acme/gated-GGUF";

        var (refused, message) = await LabRun.RunAsync("model", "download", "acme/gated-GGUF", "--model-dir", models.Path);
        Environment.SetEnvironmentVariable("HF_TOKEN", hub.GateToken);
        var (allowed, output) = await LabRun.RunAsync("model", "download", "acme/gated-GGUF", "--model-dir", models.Path);

        Assert.Equal(ExitCodes.Usage, refused);
        Assert.Contains("the repository is gated or private. Accept its licence at", message);
        Assert.Contains("acme/gated-GGUF and set HF_TOKEN", message);
        Assert.True(allowed == ExitCodes.Ok, output);
        Assert.True(File.Exists(models.Combine("gated-Q4_K_M.gguf")));
    }

    [Fact]
    public async Task AFileWhoseChecksumDiffersIsRefusedAndNothingIsKept()
    {
        hub.Add("acme/bad-GGUF", "bad-Q4_K_M.gguf", 20_000, seed: 5);
        hub.WrongSha256 = new string('a', 64);

        var (code, output) = await LabRun.RunAsync("model", "download", "acme/bad-GGUF", "--model-dir", models.Path);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains($"but {new string('a', 64)} was expected; the partial file is deleted", Flat(output));
        Assert.Empty(Directory.GetFiles(models.Path));
    }

    [Fact]
    public async Task APlainUrlIsCheckedAgainstAGivenChecksum()
    {
        var wanted = hub.Add("plain", "model.gguf", 30_000, seed: 6);
        var url = new Uri(hub.Endpoint, "files/model.gguf").ToString();

        var (wrong, message) = await LabRun.RunAsync("model", "download", url, "--sha256", new string('b', 64), "--model-dir", models.Path);
        var (right, output) = await LabRun.RunAsync("model", "download", url, "--sha256", Sha(wanted), "--model-dir", models.Path);

        Assert.Equal(ExitCodes.Usage, wrong);
        Assert.Contains("SHA-256", message);
        Assert.True(right == ExitCodes.Ok, output);
        Assert.Equal(wanted, await File.ReadAllBytesAsync(models.Combine("model.gguf"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task WithoutAnArgumentTheSuitesDefaultTeacherAndStudentAreFetched()
    {
        var teacher = hub.Add("Qwen/Qwen2.5-0.5B-Instruct-GGUF", "qwen2.5-0.5b-instruct-q4_k_m.gguf", 40_000, seed: 7);
        hub.Add("Qwen/Qwen2.5-0.5B-Instruct-GGUF", "qwen2.5-0.5b-instruct-q8_0.gguf", 50_000, seed: 8);
        var student = hub.Add("HuggingFaceTB/SmolLM2-135M-Instruct-GGUF", "smollm2-135m-instruct-q8_0.gguf", 20_000, seed: 9);

        var (code, output) = await LabRun.RunAsync("model", "download", "--model-dir", models.Path);

        Assert.True(code == ExitCodes.Ok, output);
        Assert.Contains("teacher: Qwen/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-instruct-q4_k_m.gguf (main): downloaded", output);
        Assert.Contains("student: HuggingFaceTB/SmolLM2-135M-Instruct-GGUF/smollm2-135m-instruct-q8_0.gguf (main): downloaded", output);
        Assert.Equal(teacher, await File.ReadAllBytesAsync(models.Combine("qwen2.5-0.5b-instruct-q4_k_m.gguf"), TestContext.Current.CancellationToken));
        Assert.Equal(student, await File.ReadAllBytesAsync(models.Combine("smollm2-135m-instruct-q8_0.gguf"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task WithoutTheHubTheMessageSaysWhatToDo()
    {
        Environment.SetEnvironmentVariable("HF_ENDPOINT", $"http://127.0.0.1:{TestSupport.Servers.FreePort.Next()}");

        var (code, output) = await LabRun.RunAsync("model", "download", "acme/tiny-GGUF", "--file", "tiny.gguf", "--model-dir", models.Path);
        var message = Flat(output);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("cannot reach 127.0.0.1", message);
        Assert.Contains("this machine looks offline. Download acme/tiny-GGUF/tiny.gguf (main) on a machine with internet", message);
        Assert.Contains("or set HF_ENDPOINT to a mirror", message);

        // The defaults: a copy made by hand counts only under the default's id, and the message says which.
        var (defaultsCode, defaults) = await LabRun.RunAsync("model", "download", "--model-dir", models.Path);
        Assert.Equal(ExitCodes.Usage, defaultsCode);
        Assert.Contains("Name the teacher's copy qwen2.5-0.5b-instruct-q4_k_m.gguf (its Q4_K_M GGUF), the id the suite knows its default teacher by", Flat(defaults));
    }

    /// <summary>The output with its line wrapping undone.</summary>
    private static string Flat(string output) => System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " ");

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
