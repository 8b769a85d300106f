using System.Text.Json.Nodes;
using InstructLab.Aspire.Cli.UnitTests;

namespace InstructLab.Aspire.TrainingJobs.IntegrationTests;

/// <summary>lab train as a user runs it against the suite.</summary>
public sealed class CliTests(TrainingStack stack)
{
    [Fact]
    public async Task LabTrainSubmitsWatchesListsShowsAndRefusesWithTheServicesReason()
    {
        var request = await Jobs.RequestAsync(stack, "student-cli", samples: 8, epochs: 1);
        var endpoint = $"training={stack.TrainingUrl(1)}";

        var (code, output) = await LabRun.RunAsync("train", "submit", "--model", request.BaseModel, "--output-id", "student-cli",
            "--knowledge-data", request.Data.Files.KnowledgeKey, "--skills-data", request.Data.Files.SkillsKey,
            "--epochs", "1", "--effective-batch-size", "4", "--learning-rate", "0.001", "--max-seq-len", "256", "--endpoint", endpoint);

        Assert.True(code == 0, output);
        Assert.Contains("queued: student-cli version 1 from artifact:" + TrainingStack.StudentKey, output);
        Assert.Contains("running: skills epoch 1/1", output);
        Assert.Contains("models/student-cli/1/model.gguf", output);
        var id = output.Split("training job ")[1].Split(' ')[0];

        var (listed, list) = await LabRun.RunAsync("train", "list", "--json", "--endpoint", endpoint);
        Assert.True(listed == 0, list);
        var job = JsonNode.Parse(list)!["jobs"]!.AsArray().Single(j => (string)j!["id"]! == id)!;
        Assert.Equal("TRAINING_JOB_STATE_COMPLETED", (string)job["state"]!);

        var (shown, show) = await LabRun.RunAsync("train", "show", id, "--endpoint", endpoint);
        Assert.True(shown == 0, show);
        Assert.Contains("completed", show);
        Assert.Contains("knowledge epoch 1", show);

        var (refused, reason) = await LabRun.RunAsync("train", "submit", "--model", "artifact:students/missing.gguf", "--output-id", "x",
            "--knowledge-data", request.Data.Files.KnowledgeKey, "--skills-data", request.Data.Files.SkillsKey, "--endpoint", endpoint);
        Assert.Equal(2, refused);
        Assert.Contains("base_model: the artifact store has no 'students/missing.gguf'", reason);

        var (usage, noData) = await LabRun.RunAsync("train", "submit", "--model", request.BaseModel, "--output-id", "x", "--endpoint", endpoint);
        Assert.Equal(2, usage);
        Assert.Contains("--data-job", noData);
    }

    [Fact]
    public async Task LabModelPublishServesALocalGgufEverywhereAndRmTakesItAway()
    {
        var endpoint = $"training={stack.TrainingUrl(0)}";
        var junk = stack.Workspace.Combine("not-a-model.gguf");
        await File.WriteAllTextAsync(junk, "hello", TestContext.Current.CancellationToken);

        var (refused, message) = await LabRun.RunAsync("model", "publish", junk, "--id", "uploaded-cli", "--endpoint", endpoint);
        var (first, output) = await LabRun.RunAsync("model", "publish", stack.StudentPath, "--id", "uploaded-cli", "--chat-template", "chatml", "--endpoint", endpoint);
        var (second, again) = await LabRun.RunAsync("model", "publish", stack.StudentPath, "--id", "uploaded-cli", "--chat-template", "chatml", "--endpoint", endpoint, "--json");

        Assert.Equal(2, refused);
        Assert.Contains("data: not a GGUF file", message);
        Assert.True(first == 0, output);
        Assert.Contains("Published uploaded-cli version 1 (1,185,376 bytes", output);
        Assert.Equal((0, 2), (second, (int)JsonNode.Parse(again)!["version"]!));
        using var http = new HttpClient { BaseAddress = stack.Serving };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", stack.ServingKey);
        Assert.True(await ListedAsync(http, "uploaded-cli", listed: true), "serving did not list the published model");
        var answer = await http.PostAsync("/v1/chat/completions", new StringContent(
            """{"model": "uploaded-cli", "messages": [{"role": "user", "content": "Once upon a time"}], "max_tokens": 4}""", System.Text.Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
        Assert.Equal(200, (int)answer.StatusCode);

        var (removed, gone) = await LabRun.RunAsync("model", "rm", "uploaded-cli", "--endpoint", endpoint);
        var (missing, unknown) = await LabRun.RunAsync("model", "rm", "uploaded-cli", "--endpoint", endpoint);

        Assert.True(removed == 0, gone);
        Assert.Contains("Removed uploaded-cli (2 version(s))", gone);
        Assert.True(await ListedAsync(http, "uploaded-cli", listed: false), "serving still lists the removed model");
        Assert.Empty(await stack.Artifacts.ListAsync("models/uploaded-cli/", cancellationToken: TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal(2, missing);
        Assert.Contains("the suite has published no model 'uploaded-cli'", unknown);
    }

    private static async Task<bool> ListedAsync(HttpClient http, string id, bool listed)
    {
        for (var i = 0; i < 100; i++)
        {
            var models = JsonNode.Parse(await http.GetStringAsync("/v1/models", TestContext.Current.CancellationToken))!["data"]!.AsArray().Select(m => (string)m!["id"]!);
            if (models.Contains(id) == listed)
            {
                return true;
            }
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        return false;
    }
}
