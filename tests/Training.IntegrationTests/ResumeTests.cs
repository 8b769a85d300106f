using System.Text;
using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.Training.IntegrationTests;

/// <summary>
/// A training process killed (SIGKILL) or stopped (Ctrl+C) mid-run resumes when the same command runs again and ends
/// with weights bitwise equal to an uninterrupted run's.
/// </summary>
public sealed class ResumeTests(ITestOutputHelper output) : IDisposable
{
    private readonly TemporaryDirectory folder = new("resume");

    [Fact]
    public async Task AKilledRunResumesToTheWeightsOfAnUninterruptedOne()
    {
        var reference = await TrainAsync("reference");
        var (args, model) = Arguments("killed");

        var log = new StringBuilder();
        using (var first = LabTrain.Start(log, args))
        {
            await UntilAsync(() => Directory.Exists(Path.Combine(model + ".checkpoints", "knowledge")) && Directory.GetDirectories(Path.Combine(model + ".checkpoints", "knowledge"), "step-*").Any(d => !d.Contains(".partial", StringComparison.Ordinal)));
            first.Kill();
            await LabTrain.WaitAsync(first, TimeSpan.FromSeconds(30));
        }
        Assert.False(File.Exists(model), "the run ended before it was killed");

        var (exitCode, text) = await RunToEndAsync(args);

        output.WriteLine(text);
        Assert.Equal(0, exitCode);
        Assert.Contains("Resuming from", text, StringComparison.Ordinal);
        AssertSameWeights(reference, model);
    }

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task CtrlCOrSigtermWritesACheckpointAtAStepBoundaryAndTheSameCommandResumes(string signalName)
    {
        var reference = await TrainAsync("reference");
        var (args, model) = Arguments("interrupted");

        var log = new StringBuilder();
        int stopped;
        using (var first = LabTrain.Start(log, args))
        {
            await UntilAsync(() => { lock (log) { return log.ToString().Contains("checkpoint ", StringComparison.Ordinal); } });
            using (var signal = System.Diagnostics.Process.Start("kill", [$"-{signalName}", first.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await signal.WaitForExitAsync(TestContext.Current.CancellationToken);
            }
            stopped = await LabTrain.WaitAsync(first, TimeSpan.FromSeconds(60));
        }
        output.WriteLine(log.ToString());
        Assert.Equal(130, stopped);
        Assert.Contains("Run the same command again to resume", log.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(model));

        var (exitCode, text) = await RunToEndAsync(args);

        Assert.Equal(0, exitCode);
        Assert.Contains("Resuming from", text, StringComparison.Ordinal);
        AssertSameWeights(reference, model);
    }

    public void Dispose() => folder.Dispose();

    private (string[] Args, string Model) Arguments(string name)
    {
        var knowledge = folder.Combine("knowledge.jsonl");
        var skills = folder.Combine("skills.jsonl");
        if (!File.Exists(knowledge))
        {
            LabTrain.WriteData(knowledge, 160, system: false);
            LabTrain.WriteData(skills, 120, system: true);
        }
        var model = folder.Combine(name, "student.gguf");
        return ([
            "--model", SharedFiles.RequireModel("stories260K.gguf"), "--knowledge-data", knowledge, "--skills-data", skills, "--output", model,
            "--epochs", "2", "--learning-rate", "1e-3", "--effective-batch-size", "4", "--save-samples", "8", "--max-seq-len", "256", "--max-batch-tokens", "512",
        ], model);
    }

    private async Task<string> TrainAsync(string name)
    {
        var (args, model) = Arguments(name);
        if (!File.Exists(model))
        {
            var (exitCode, text) = await RunToEndAsync(args);
            Assert.True(exitCode == 0, text);
        }
        return model;
    }

    private static async Task<(int ExitCode, string Output)> RunToEndAsync(string[] args)
    {
        var log = new StringBuilder();
        using var process = LabTrain.Start(log, args);
        var exitCode = await LabTrain.WaitAsync(process, TimeSpan.FromMinutes(3));
        return (exitCode, log.ToString());
    }

    private static void AssertSameWeights(string reference, string resumed)
    {
        var expected = LabTrain.Weights(reference);
        var actual = LabTrain.Weights(resumed);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        Assert.All(expected, pair => Assert.True(pair.Value.AsSpan().SequenceEqual(actual[pair.Key]), $"{pair.Key} differs from the uninterrupted run's"));
        Assert.False(LabTrain.Weights(reference)["blk.0.attn_q.weight"].AsSpan().SequenceEqual(LabTrain.Weights(SharedFiles.RequireModel("stories260K.gguf"))["blk.0.attn_q.weight"]), "training changed the weights");
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the training process");
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }
}
