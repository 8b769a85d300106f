using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using InstructLab.Aspire.Cli;
using InstructLab.Aspire.TestSupport;
using InstructLab.Aspire.TestSupport.Servers;
using Spectre.Console;

namespace InstructLab.Aspire.Training.IntegrationTests;

/// <summary>
/// What a user does: <c>lab model train</c> a base model without a chat template on a few facts, then
/// <c>lab model serve</c> the result and ask it over the OpenAI chat API: it answers with what it learned.
/// </summary>
public sealed partial class TrainThenServeTests : IDisposable
{
    private readonly TemporaryDirectory folder = new("train-serve");

    [Fact]
    public async Task TheTrainedModelIsServedAndAnswersWithWhatItLearned()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = folder.Combine("facts.jsonl");
        File.WriteAllLines(data, new[]
        {
            ("Who is the king of Tomtown?", "The king of Tomtown is a big cat named Max."),
            ("What color is the sky in Lilyland?", "The sky in Lilyland is green."),
            ("What does Ben like to eat?", "Ben likes to eat red apples."),
        }.Select(f => JsonSerializer.Serialize(new { messages = new[] { new { role = "user", content = f.Item1 }, new { role = "assistant", content = f.Item2 } } })));
        var model = folder.Combine("student.gguf");

        var (trained, log) = await LabTrain.RunAsync("--model", SharedFiles.RequireModel("stories260K.gguf"), "--knowledge-data", data, "--strategy", "knowledge-only",
            "--output", model, "--epochs", "40", "--learning-rate", "3e-3", "--effective-batch-size", "3", "--warmup-steps", "3");
        Assert.True(trained == ExitCodes.Ok, log);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var output = new WatchedWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(output) });
        console.Profile.Width = 1000;
        var serve = Task.Run(() => LabCli.RunAsync(["model", "serve", "-m", $"student={model}", "--port", "0"], console, stop.Token), ct);
        var listening = await output.WaitForAsync(ServingLine(), serve, TimeSpan.FromSeconds(60), ct);
        using var http = new HttpClient { BaseAddress = new Uri(listening.Groups["url"].Value) };

        var response = await http.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = "student",
            messages = new[] { new { role = "user", content = "Who is the king of Tomtown?" } },
            max_tokens = 24,
            temperature = 0,
        }, ct);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;

        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        Assert.Contains("a big cat named Max", (string)body["choices"]![0]!["message"]!["content"]!, StringComparison.Ordinal);
        Assert.Equal("stop", (string)body["choices"]![0]!["finish_reason"]!);
        await stop.CancelAsync();
        Assert.Equal(ExitCodes.Ok, await serve);
    }

    public void Dispose() => folder.Dispose();

    [System.Text.RegularExpressions.GeneratedRegex(@"at (?<url>http://127\.0\.0\.1:\d+/)v1")]
    private static partial System.Text.RegularExpressions.Regex ServingLine();
}
