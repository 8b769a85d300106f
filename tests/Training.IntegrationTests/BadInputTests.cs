using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.Training.IntegrationTests;

/// <summary>Bad input ends with exit code 2 and a message naming the file, line or option; nothing at the output path.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TemporaryDirectory folder = new("bad-input");

    [Fact]
    public async Task AMalformedLineIsReportedWithFileAndLine()
    {
        var data = folder.Combine("k.jsonl");
        File.WriteAllLines(data, [Line("Who is Tom?", "Tom is a dog."), "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}", Line("Who is Sue?", "Sue is a cat.")]);

        await AssertRefusedAsync([$"{data}:2: not JSON"], "--knowledge-data", data);
    }

    [Theory]
    [InlineData("{\"id\": \"x\"}", "'messages' must be a non-empty array")]
    [InlineData("{\"messages\": [{\"role\": \"robot\", \"content\": \"Hi\"}]}", "messages[0].role: 'robot' is not a role; allowed are system, user, assistant, pretraining")]
    [InlineData("{\"messages\": [{\"role\": \"user\", \"content\": \"\"}]}", "messages[0].content: must be a non-empty string")]
    public async Task LinesWithoutUsableMessagesAreRefused(string line, string message)
    {
        var data = folder.Combine("k.jsonl");
        File.WriteAllLines(data, [line]);

        await AssertRefusedAsync([$"{data}:1: ", message], "--knowledge-data", data);
    }

    [Fact]
    public async Task SkipBadLinesCountsThemAndTrainsOnTheRest()
    {
        var data = folder.Combine("k.jsonl");
        File.WriteAllLines(data, [Line("Who is Tom?", "Tom is a dog."), "not json", Line("Who is Sue?", "Sue is a cat.")]);

        var (exitCode, output) = await LabTrain.RunAsync([.. Common("--knowledge-data", data), "--skip-bad-lines", "--epochs", "1"]);

        Assert.True(exitCode == 0, output);
        Assert.Contains("\"BadLines\": 1", File.ReadAllText(folder.Combine("out.model-card.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEmptyFileIsRefused()
    {
        var data = folder.Combine("k.jsonl");
        File.WriteAllText(data, "");

        await AssertRefusedAsync([$"{data}: the file holds no samples"], "--knowledge-data", data);
    }

    [Fact]
    public async Task DataWhoseEverySampleIsTooLongIsRefusedNamingTheLimits()
    {
        var data = folder.Combine("k.jsonl");
        File.WriteAllLines(data, [Line("Who is Tom?", "Tom is a dog who likes to run."), Line("Who is Sue?", "Sue is a cat who likes to sleep.")]);

        await AssertRefusedAsync([$"{data}: every sample was dropped (2 too long)", "--max-seq-len"], "--knowledge-data", data, "--max-seq-len", "8");
    }

    [Fact]
    public async Task AMissingOrCorruptBaseModelIsRefused()
    {
        var data = GoodData();
        var corrupt = folder.Combine("corrupt.gguf");
        File.WriteAllBytes(corrupt, [.. "GGUF"u8, .. Enumerable.Range(0, 500).Select(i => (byte)(i * 37))]);

        await AssertRefusedAsync(["--model", "missing.gguf: the file does not exist"], "--knowledge-data", data, "--model", folder.Combine("missing.gguf"));
        await AssertRefusedAsync([$"--model {corrupt}: "], "--knowledge-data", data, "--model", corrupt);
    }

    [Fact]
    public async Task AnArchitectureTheEngineDoesNotSupportIsRefused()
    {
        var gpt2 = SharedFiles.RequireModel("vocab", "ggml-vocab-gpt-2.gguf");

        await AssertRefusedAsync(["architecture 'gpt2' is not supported (llama, qwen2 are)"], "--knowledge-data", GoodData(), "--model", gpt2);
    }

    [Theory]
    [InlineData("--effective-batch-size", "0", "--knowledge-effective-batch-size (or --effective-batch-size): must be at least 1")]
    [InlineData("--knowledge-learning-rate", "-1", "--knowledge-learning-rate (or --learning-rate): must be a positive number")]
    [InlineData("--lora-rank", "0", "--lora-rank: must be at least 1")]
    [InlineData("--output-type", "Q2_K", "--output-type Q2_K: allowed are F32, F16, BF16, Q8_0, Q4_0")]
    public async Task OptionsOutOfRangeAreRefusedByName(string option, string value, string message)
    {
        await AssertRefusedAsync([message], "--knowledge-data", GoodData(), option, value);
    }

    [Fact]
    public async Task ARunThatWouldNotFitInMemoryIsRefusedBeforeItStarts()
    {
        await AssertRefusedAsync(["training needs ≈", "is available: lower --max-batch-tokens, use --lora-rank, or pass --skip-memory-check"],
            "--knowledge-data", GoodData(), "--max-batch-tokens", "2000000000");
    }

    [Fact]
    public async Task TheDefaultStrategyNeedsBothDataFiles()
    {
        var (exitCode, output) = await LabTrain.RunAsync("--model", SharedFiles.RequireModel("stories260K.gguf"), "--knowledge-data", GoodData(), "--output", folder.Combine("out.gguf"));

        Assert.Equal(2, exitCode);
        Assert.Contains("--strategy lab-multiphase (or use knowledge-only) needs --skills-data", output, StringComparison.Ordinal);
        var (unknown, message) = await LabTrain.RunAsync("--model", SharedFiles.RequireModel("stories260K.gguf"), "--knowledge-data", GoodData(), "--output", folder.Combine("out.gguf"), "--strategy", "all-at-once");
        Assert.Equal(2, unknown);
        Assert.Contains("--strategy 'all-at-once': allowed are lab-multiphase, knowledge-only, skills-only", message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder.Path, "out*"));
    }

    public void Dispose() => folder.Dispose();

    private async Task AssertRefusedAsync(string[] expected, params string[] args)
    {
        var (exitCode, output) = await LabTrain.RunAsync(Common(args));

        Assert.Equal(2, exitCode);
        Assert.All(expected, text => Assert.Contains(text, output, StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(folder.Path, "out*"));
    }

    private string[] Common(params string[] args)
    {
        var list = new List<string> { "--strategy", "knowledge-only", "--output", folder.Combine("out.gguf") };
        if (!args.Contains("--model"))
        {
            list.AddRange(["--model", SharedFiles.RequireModel("stories260K.gguf")]);
        }
        return [.. list, .. args];
    }

    private string GoodData()
    {
        var data = folder.Combine("good.jsonl");
        File.WriteAllLines(data, [Line("Who is Tom?", "Tom is a dog."), Line("Who is Sue?", "Sue is a cat.")]);
        return data;
    }

    private static string Line(string question, string answer) =>
        System.Text.Json.JsonSerializer.Serialize(new { messages = new[] { new { role = "user", content = question }, new { role = "assistant", content = answer } } });
}
