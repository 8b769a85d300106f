using InstructLab.Aspire.Cli.UnitTests;
using static InstructLab.Aspire.Evaluations.IntegrationTests.Evaluations;

namespace InstructLab.Aspire.Evaluations.IntegrationTests;

/// <summary><c>lab model evaluate</c>, <c>list</c> and <c>show</c> against the running judging service.</summary>
public sealed class CliTests(EvaluationStack stack)
{
    [Fact]
    public async Task TheCliRunsAnEvaluationToItsTableAndExitsTwoOnBadData()
    {
        var folder = stack.Workspace.Combine($"cli-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var good = Path.Combine(folder, "tiny_mc.jsonl");
        await File.WriteAllTextAsync(good, """
            {"context": "Once upon a time, there was a little", "choices": ["girl", "spoon"], "answer": 0}
            {"context": "She liked to play with her", "choices": ["friends", "taxes"], "answer": 0}
            """, Cancel);
        var bad = Path.Combine(folder, "bad.jsonl");
        await File.WriteAllTextAsync(bad, "{\"context\": \"x\", \"choices\": [\"a\"], \"answer\": 0}\n", Cancel);
        var endpoint = $"judging={stack.JudgingUrl(0)}";

        var (code, output) = await LabRun.RunAsync("model", "evaluate", "--benchmark", "mc", "--model", EvaluationStack.Stories, "--data", good, "--name", "cli-mc", "--endpoint", endpoint);

        Assert.True(code == 0, output);
        Assert.Contains("completed: 2/2 items", output);
        Assert.Contains("mc of stories: accuracy", output);
        Assert.Contains("tiny_mc", output);
        var id = output.Split("evaluation ")[^1].Split(' ')[0];

        var (refused, error) = await LabRun.RunAsync("model", "evaluate", "-b", "mc", "-m", EvaluationStack.Stories, "--data", bad, "--endpoint", endpoint);
        Assert.Equal(2, refused);
        Assert.Contains("bad.jsonl:1: 'choices' must be a list of at least 2 strings", error);

        var (missing, noFile) = await LabRun.RunAsync("model", "evaluate", "-b", "mc", "-m", EvaluationStack.Stories, "--data", Path.Combine(folder, "nope.jsonl"), "--endpoint", endpoint);
        Assert.Equal(2, missing);
        Assert.Contains("no such file or folder", noFile);

        var (listed, list) = await LabRun.RunAsync("model", "evaluate", "list", "--json", "--endpoint", endpoint);
        Assert.Equal(0, listed);
        Assert.Contains(id, list);
        var (shown, report) = await LabRun.RunAsync("model", "evaluate", "show", id, "--endpoint", endpoint);
        Assert.Equal(0, shown);
        Assert.Contains("length-normalised accuracy", report);

        var exported = Path.Combine(folder, "items.jsonl");
        var (wrote, said) = await LabRun.RunAsync("model", "evaluate", "show", id, "--export-items", exported, "--endpoint", endpoint);
        Assert.True(wrote == 0, said);
        var lines = (await File.ReadAllLinesAsync(exported, Cancel)).Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal("Once upon a time, there was a little", (string)lines[0]["prompt"]!);
        Assert.Equal([" girl", " spoon"], lines[0]["continuations"]!.AsArray().Select(c => (string)c!));
        Assert.Equal(2, lines[0]["result"]!["model"]!["logprobs"]!.AsArray().Count);
    }
}
