using System.Security.Cryptography;
using InstructLab.Aspire.Serving.Catalog;
using InstructLab.Aspire.TestSupport;
using InstructLab.Aspire.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace InstructLab.Aspire.Serving.IntegrationTests;

/// <summary>Models downloaded from a URL (a local HTTP server stands in for a model hub), preloading and health.</summary>
public sealed class ModelSourceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AUrlModelIsDownloadedOnceVerifiedAndServedWhileHealthSays503UntilItIsLoaded()
    {
        var file = SharedFiles.RequireModel("stories260K.gguf");
        var sha = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(file, Ct)));
        var gate = new TaskCompletionSource();
        var downloads = 0;
        await using var hub = await FileServerAsync(file, gate.Task, () => Interlocked.Increment(ref downloads));
        using var cache = new TemporaryDirectory();
        var options = ServingServer.Options(("hub", new ServedModelOptions { Url = $"{StandaloneServer.Address(hub)}stories260K.gguf", Sha256 = sha, Preload = true }));
        options.ModelCacheDirectory = cache.Path;
        await using var server = await OwnServer.StartAsync(options);
        var client = server.Client;

        Assert.Equal(503, (int)(await client.GetAsync("/health", Ct)).StatusCode);
        gate.SetResult();
        for (var i = 0; i < 100 && (int)(await client.GetAsync("/health", Ct)).StatusCode != 200; i++)
        {
            await Task.Delay(100, Ct);
        }
        Assert.Equal(200, (int)(await client.GetAsync("/health", Ct)).StatusCode);
        var response = await client.PostAsync("/v1/completions", new StringContent("""{"prompt": "Once upon a time", "max_tokens": 4}""", System.Text.Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(1, downloads);
        var cached = Assert.Single(Directory.GetFiles(cache.Path));
        Assert.EndsWith("stories260K.gguf", cached);
        Assert.Equal(new FileInfo(file).Length, new FileInfo(cached).Length);
    }

    [Fact]
    public async Task ADownloadWithTheWrongShaIsRefusedWithAClearError()
    {
        var file = SharedFiles.RequireModel("stories260K.gguf");
        await using var hub = await FileServerAsync(file, Task.CompletedTask, () => { });
        using var cache = new TemporaryDirectory();
        var options = ServingServer.Options(("hub", new ServedModelOptions { Url = $"{StandaloneServer.Address(hub)}stories260K.gguf", Sha256 = new string('0', 64) }));
        options.ModelCacheDirectory = cache.Path;
        await using var server = await OwnServer.StartAsync(options);
        var client = server.Client;

        var response = await client.PostAsync("/v1/completions", new StringContent("""{"model": "hub", "prompt": "Once"}""", System.Text.Encoding.UTF8, "application/json"), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(503, (int)response.StatusCode);
        Assert.Contains("SHA-256", body);
        Assert.Contains("Serving:Models:hub:Sha256", body);
        Assert.Empty(Directory.GetFiles(cache.Path));
    }

    [Fact]
    public async Task TheModelFoldersGgufsAreServedByNameAsTheyComeAndGo()
    {
        var file = SharedFiles.RequireModel("stories260K.gguf");
        using var folder = new TemporaryDirectory();
        File.Copy(file, folder.Combine("downloaded.gguf"));
        // Serving's own cache of a URL model, and a download still in progress: not models to list.
        File.Copy(file, folder.Combine("url-0123456789abcdef-model.gguf"));
        File.Copy(file, folder.Combine("partial.gguf.part"));
        var options = ServingServer.Options(("configured", new ServedModelOptions { Path = file }));
        (options.ModelCacheDirectory, options.ServeModelFolder) = (folder.Path, true);
        await using var server = await OwnServer.StartAsync(options);

        Assert.Equal(["configured", "downloaded"], await IdsAsync(server.Client));
        // A download finishing: its .part file renamed; served without a restart.
        File.Move(folder.Combine("partial.gguf.part"), folder.Combine("later.gguf"));
        await WaitForAsync(server.Client, ["configured", "downloaded", "later"]);
        var response = await server.Client.PostAsync("/v1/completions", new StringContent("""{"model": "later", "prompt": "Once upon a time", "max_tokens": 4}""", System.Text.Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(200, (int)response.StatusCode);
        File.Delete(folder.Combine("downloaded.gguf"));
        await WaitForAsync(server.Client, ["configured", "later"]);
    }

    [Fact]
    public async Task WithNoModelAtAllTheDefaultsAreFetchedInTheBackgroundAndServed()
    {
        var stories = await File.ReadAllBytesAsync(SharedFiles.RequireModel("stories260K.gguf"), Ct);
        await using var hub = await FakeHub.StartAsync();
        hub.Add("Qwen/Qwen2.5-0.5B-Instruct-GGUF", "qwen2.5-0.5b-instruct-q4_k_m.gguf", stories);
        hub.Add("Qwen/Qwen2.5-0.5B-Instruct-GGUF", "qwen2.5-0.5b-instruct-q8_0.gguf", 1000, seed: 1);
        hub.Add("HuggingFaceTB/SmolLM2-135M-Instruct-GGUF", "smollm2-135m-instruct-q8_0.gguf", stories);
        using var folder = new TemporaryDirectory();
        var logs = new LogLines();
        var options = ServingServer.Options();
        (options.ModelCacheDirectory, options.ServeModelFolder, options.DownloadDefaultModels) = (folder.Path, true, true);
        Environment.SetEnvironmentVariable("HF_ENDPOINT", hub.Endpoint.ToString());
        try
        {
            await using var server = await OwnServer.StartAsync(options, logs);

            await WaitForAsync(server.Client, ["qwen2.5-0.5b-instruct-q4_k_m", "smollm2-135m-instruct-q8_0"]);
            var response = await server.Client.PostAsync("/v1/completions", new StringContent(
                """{"model": "smollm2-135m-instruct-q8_0", "prompt": "Once upon a time", "max_tokens": 4}""", System.Text.Encoding.UTF8, "application/json"), Ct);
            Assert.Equal(200, (int)response.StatusCode);
            Assert.Contains(logs.Lines, line => line.StartsWith("Default models: downloading the teacher qwen2.5-0.5b-instruct-q4_k_m.gguf: ", StringComparison.Ordinal));
            Assert.Contains("Default models: every default model is ready", logs.Lines);
        }
        finally
        {
            Environment.SetEnvironmentVariable("HF_ENDPOINT", null);
        }
    }

    [Theory]
    [InlineData(false, "Default models: none (Serving:DownloadDefaultModels is off); run `lab model download` to put the defaults into ")]
    [InlineData(true, "Default models: none: downloading them failed (cannot reach 127.0.0.1 ")]
    public async Task WithNoModelTurnedOffOrOfflineTheLogSaysWhatToRun(bool download, string says)
    {
        using var folder = new TemporaryDirectory();
        var logs = new LogLines();
        var options = ServingServer.Options();
        (options.ModelCacheDirectory, options.ServeModelFolder, options.DownloadDefaultModels) = (folder.Path, true, download);
        Environment.SetEnvironmentVariable("HF_ENDPOINT", $"http://127.0.0.1:{FreePort.Next()}");
        try
        {
            await using var server = await OwnServer.StartAsync(options, logs);

            for (var i = 0; i < 200 && !logs.Lines.Any(l => l.StartsWith("Default models:", StringComparison.Ordinal)); i++)
            {
                await Task.Delay(50, Ct);
            }

            var line = Assert.Single(logs.Lines, l => l.StartsWith("Default models:", StringComparison.Ordinal));
            Assert.StartsWith(says, line);
            Assert.Contains("`lab model download`", line);
            Assert.Contains(folder.Path, line);
            Assert.True(!download || line.Contains($"Name the teacher's copy {InstructLab.Aspire.Hub.DefaultModels.Teacher.FileName}", StringComparison.Ordinal), line);
            Assert.True(!download || line.Contains($" as {InstructLab.Aspire.Hub.DefaultModels.Teacher.FileName} and {InstructLab.Aspire.Hub.DefaultModels.Student.FileName} (serving", StringComparison.Ordinal), line);
            Assert.Empty(await IdsAsync(server.Client));
        }
        finally
        {
            Environment.SetEnvironmentVariable("HF_ENDPOINT", null);
        }
    }

    private static async Task<string[]> IdsAsync(HttpClient client) =>
        [.. System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync("/v1/models", Ct))!["data"]!.AsArray().Select(m => (string)m!["id"]!)];

    private static async Task WaitForAsync(HttpClient client, string[] ids)
    {
        for (var i = 0; i < 100 && !(await IdsAsync(client)).SequenceEqual(ids); i++)
        {
            await Task.Delay(100, Ct);
        }
        Assert.Equal(ids, await IdsAsync(client));
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/model.gguf")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/model.gguf")]
    [InlineData("file:///etc/passwd")]
    public async Task AModelUrlOutsideTheOutboundPolicyIsRefusedNamingTheSetting(string url)
    {
        var options = ServingServer.Options(("hub", new ServedModelOptions { Url = url }));
        await using var server = await OwnServer.StartAsync(options);

        var response = await server.Client.PostAsync("/v1/completions", new StringContent("""{"model": "hub", "prompt": "Once"}""", System.Text.Encoding.UTF8, "application/json"), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(503, (int)response.StatusCode);
        Assert.Contains("Serving:Models:hub:Url", body);
        Assert.Contains(url.StartsWith("file", StringComparison.Ordinal) ? "is not an absolute http(s) URL" : "points at a link-local or cloud-metadata address", body);
    }

    [Fact]
    public async Task AFailedDownloadSaysWhatHappenedWithoutTheUrlsSecrets()
    {
        var file = SharedFiles.RequireModel("stories260K.gguf");
        await using var hub = await FileServerAsync(file, Task.CompletedTask, () => { });
        var options = ServingServer.Options(("hub", new ServedModelOptions { Url = $"{StandaloneServer.Address(hub)}missing.gguf?X-Amz-Signature=s3cr3t-value" }));
        await using var server = await OwnServer.StartAsync(options);
        var client = server.Client;

        var response = await client.PostAsync("/v1/completions", new StringContent("""{"model": "hub", "prompt": "Once"}""", System.Text.Encoding.UTF8, "application/json"), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(503, (int)response.StatusCode);
        Assert.Contains("missing.gguf answered 404", body);
        Assert.DoesNotContain("s3cr3t", body);
    }

    [Fact]
    public async Task OverTheMemoryBudgetTheLeastRecentlyUsedModelIsUnloaded()
    {
        var stories = SharedFiles.RequireModel("stories260K.gguf");
        var llama2 = SharedFiles.RequireModel("llama-2-tiny-random.gguf");
        var options = ServingServer.Options(("a", new ServedModelOptions { Path = stories }), ("b", new ServedModelOptions { Path = llama2 }));
        options.MemoryBudgetBytes = new FileInfo(llama2).Length + 1024;
        await using var server = await OwnServer.StartAsync(options);
        var client = server.Client;
        async Task<string> Loaded()
        {
            var models = System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync("/v1/models", Ct))!["data"]!.AsArray();
            return string.Join(",", models.Where(m => (bool)m!["loaded"]!).Select(m => (string)m!["id"]!));
        }
        async Task Complete(string model) => Assert.Equal(200, (int)(await client.PostAsync("/v1/completions",
            new StringContent($$"""{"model": "{{model}}", "prompt": "Once", "max_tokens": 2}""", System.Text.Encoding.UTF8, "application/json"), Ct)).StatusCode);

        await Complete("a");
        Assert.Equal("a", await Loaded());
        await Complete("b");
        Assert.Equal("b", await Loaded());
        await Complete("a");
        Assert.Equal("a", await Loaded());
    }

    private static async Task<WebApplication> FileServerAsync(string file, Task gate, Action counted)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/stories260K.gguf", async (HttpContext http) =>
        {
            counted();
            await gate;
            await http.Response.SendFileAsync(file);
        });
        await app.StartAsync();
        return app;
    }
}
