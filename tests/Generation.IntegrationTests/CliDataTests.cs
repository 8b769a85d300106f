using System.Text.Json.Nodes;
using InstructLab.Aspire.Cli.UnitTests;
using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.Generation.IntegrationTests;

/// <summary><c>lab data generate|list|show</c> against the running services.</summary>
public sealed class CliDataTests(GenerationSuite suite)
{
    [Fact]
    public async Task GenerateWatchesTheJobToTheEndThenListAndShowFindItsDataCard()
    {
        var folder = suite.Stack.Workspace.Combine("cli");
        var (taxonomy, _, _) = SampleTaxonomy.Build(folder, SampleTaxonomy.SynonymsLeaf);
        var pipeline = Path.Combine(folder, "tiny.yaml");
        await File.WriteAllTextAsync(pipeline, Jobs.TinyPipeline, TestContext.Current.CancellationToken);
        var endpoint = $"generation={suite.Stack.GenerationUrl(0)}";

        var (generated, output) = await LabRun.RunAsync("data", "generate", taxonomy, "--base", "empty", "--pipeline-file", pipeline,
            "--samples-per-seed", "1", "--max-rows-per-leaf", "3", "--seed", "707", "--name", "from-the-cli", "--endpoint", endpoint);

        Assert.True(generated == 0, output);
        Assert.Contains("completed: 1/1 batches, 3 samples kept", output);
        Assert.Contains("(from-the-cli): completed", output);
        var id = output.Split("job ")[^1].Split(' ')[0];

        var (listed, list) = await LabRun.RunAsync("data", "list", "--json", "--endpoint", endpoint);
        Assert.Equal(0, listed);
        var job = Assert.Single(JsonNode.Parse(list)!["jobs"]!.AsArray(), j => (string)j!["id"]! == id);
        Assert.Equal("JOB_STATE_COMPLETED", (string)job!["state"]!);

        var (shown, card) = await LabRun.RunAsync("data", "show", id, "--endpoint", endpoint);
        Assert.Equal(0, shown);
        Assert.Contains("# Data card: from-the-cli", card);
        Assert.Contains("| ask | llm | 3 | 3 |", card);

        var (missing, error) = await LabRun.RunAsync("data", "show", Guid.NewGuid().ToString(), "--endpoint", endpoint);
        Assert.Equal(2, missing);
        Assert.Contains("error: job_id: no job", error);
    }

    [Fact]
    public async Task GenerateOnInvalidFilesPrintsEveryFindingAsValidateDoes()
    {
        const string invalid = "compositional_skills/extraction/email/main_questions/qna.yaml";
        var (taxonomy, _, _) = SampleTaxonomy.Build(suite.Stack.Workspace.Combine($"cli-invalid-{Guid.NewGuid():N}"), SampleTaxonomy.SynonymsLeaf, invalid);

        var (code, output) = await LabRun.RunAsync("data", "generate", taxonomy, "--base", "empty", "--endpoint", $"generation={suite.Stack.GenerationUrl(0)}");

        Assert.Equal(2, code);
        Assert.Contains("1 taxonomy file(s) are invalid (1 errors)", output);
        Assert.Contains($"{invalid}:5:1: error: seed_examples: needs at least 5 items, has 3", output);
    }
}
