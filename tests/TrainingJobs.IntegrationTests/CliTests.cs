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
}
