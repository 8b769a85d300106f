using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using InstructLab.Aspire.TestSupport;
using InstructLab.Aspire.TestSupport.Servers;

namespace InstructLab.Aspire.Cli.UnitTests;

/// <summary><c>lab model serve</c> started for real, then <c>lab model list</c> and <c>lab model chat -q</c> against it.</summary>
public sealed partial class ModelServingCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ServeThenListAndChatThroughTheCli()
    {
        var chatModel = SharedFiles.RequireModel("synthetic", "tiny-random-llama-gpt2bpe-chatml.gguf");
        var stories = SharedFiles.RequireModel("stories260K.gguf");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var (serve, url) = await ServeAsync(stop.Token, "-m", $"chat={chatModel}", "-m", stories, "--api-key", "k-123");
        using var http = new HttpClient { BaseAddress = new Uri(url) };

        var (listed, listing) = await LabRun.RunAsync("model", "list", "--url", url, "--api-key", "k-123", "--json");
        Assert.Equal(ExitCodes.Ok, listed);
        Assert.Equal(["chat", "stories260K"], JsonNode.Parse(listing)!["models"]!.AsArray().Select(m => (string)m!["id"]!).Order(StringComparer.Ordinal));

        var (chatted, answer) = await LabRun.RunAsync("model", "chat", "--url", url, "--api-key", "k-123", "-m", "chat", "-q", "Hello", "--max-tokens", "6", "--temperature", "0");
        Assert.Equal(ExitCodes.Ok, chatted);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "k-123");
        var direct = await http.PostAsync("/v1/chat/completions", new StringContent(
            """{"model": "chat", "messages": [{"role": "user", "content": "Hello"}], "max_tokens": 6, "temperature": 0}""", Encoding.UTF8, "application/json"), Ct);
        var expected = (string)JsonNode.Parse(await direct.Content.ReadAsStringAsync(Ct))!["choices"]![0]!["message"]!["content"]!;
        Assert.Equal(expected, answer.TrimEnd('\n'));

        var (refused, message) = await LabRun.RunAsync("model", "list", "--url", url, "--api-key", "wrong");
        Assert.Equal(ExitCodes.Usage, refused);
        Assert.Contains("401", message);

        await stop.CancelAsync();
        Assert.Equal(ExitCodes.Ok, await serve);
    }

    [Fact]
    public async Task ServeRefusesAMissingFileAndListSaysWhenNothingAnswers()
    {
        var (served, output) = await LabRun.RunAsync("model", "serve", "-m", "/nonexistent/model.gguf");
        Assert.Equal(ExitCodes.Usage, served);
        Assert.Contains("/nonexistent/model.gguf does not exist", output);

        var (listed, message) = await LabRun.RunAsync("model", "list", "--url", $"http://127.0.0.1:{FreePort.Next()}");
        Assert.Equal(ExitCodes.Usage, listed);
        Assert.Contains("cannot reach the server", message);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("192.168.1.20")]
    [InlineData("::")]
    public async Task ServeOnAnAddressOthersReachNeedsAKeyOrInsecure(string host)
    {
        var (served, output) = await LabRun.RunAsync("model", "serve", "-m", "/nonexistent/model.gguf", "--host", host);

        Assert.Equal(ExitCodes.Usage, served);
        Assert.Contains($"--host {host} is reachable from other machines and no --api-key (or LAB_API_KEY) is set; give a key, or --insecure", output);

        // With --insecure (or a key) the check passes and the next problem is the one reported.
        var (insecure, next) = await LabRun.RunAsync("model", "serve", "-m", "/nonexistent/model.gguf", "--host", host, "--insecure");
        Assert.Equal(ExitCodes.Usage, insecure);
        Assert.Contains("/nonexistent/model.gguf does not exist", next);
    }

    /// <summary>Starts <c>lab model serve --port 0</c> in this process; returns it and the address it printed, once it listens.</summary>
    private static async Task<(Task<int> Serve, string Url)> ServeAsync(CancellationToken token, params string[] args)
    {
        var output = new WatchedWriter();
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings { Ansi = Spectre.Console.AnsiSupport.No, ColorSystem = Spectre.Console.ColorSystemSupport.NoColors, Out = new Spectre.Console.AnsiConsoleOutput(output) });
        console.Profile.Width = 1000;
        var serve = Task.Run(() => LabCli.RunAsync(["model", "serve", "--port", "0", .. args], console, token), Ct);
        var listening = await output.WaitForAsync(ServingLine(), serve, TimeSpan.FromSeconds(60), Ct);
        return (serve, listening.Groups["url"].Value);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"at (?<url>http://127\.0\.0\.1:\d+/)v1")]
    private static partial System.Text.RegularExpressions.Regex ServingLine();
}
