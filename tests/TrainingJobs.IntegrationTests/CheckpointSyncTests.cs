using System.Text;
using System.Text.Json;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Training.Api.Jobs;
using InstructLab.Aspire.Training.Api.Workers;
using InstructLab.Aspire.Training.Checkpoints;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace InstructLab.Aspire.TrainingJobs.IntegrationTests;

/// <summary>
/// Restoring a job's checkpoints from the stack's S3 server, which (as s3rver does) keeps what a killed worker's upload
/// got as far as writing: an empty or cut-short <c>state.json</c> must not end the job.
/// </summary>
public sealed class CheckpointSyncTests(TrainingStack stack)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("")]
    [InlineData("{\"Phase\":\"knowledge\",\"Epo")]
    public async Task ACheckpointWhoseUploadWasCutShortIsDroppedAndTheOneBeforeItRestored(string cutShort)
    {
        var job = Guid.NewGuid();
        var prefix = TrainingKeys.Checkpoints(job);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(stack.Redis.ConnectionString);
        var live = new LiveProgress(redis);
        await PutCheckpointAsync(prefix + "knowledge/step-00000004/", State(4), "whole");
        await PutCheckpointAsync(prefix + "knowledge/step-00000008/", cutShort, "cut");
        await live.AddCheckpointAsync(job, new LiveProgress.CheckpointRecord("knowledge", 8, prefix + "knowledge/step-00000008/", false, 1, 0.5));
        await stack.Artifacts.PutBytesAsync(prefix + "run.json", Encoding.UTF8.GetBytes(cutShort), cancellationToken: Cancel);
        using var root = new TestSupport.TemporaryDirectory("checkpoint-sync");

        var sync = new CheckpointSync(stack.Artifacts, live, NullLogger<CheckpointSync>.Instance);
        await sync.RestoreAsync(job, root.Path, Cancel);

        var restored = Path.Combine(root.Path, "knowledge", "step-00000004");
        Assert.Equal(4, CheckpointStore.ReadState(restored).Step);
        Assert.Equal("whole", await File.ReadAllTextAsync(Path.Combine(restored, "model.bin"), Cancel));
        Assert.Equal(["step-00000004"], Directory.GetDirectories(Path.Combine(root.Path, "knowledge")).Select(Path.GetFileName));
        Assert.False(File.Exists(Path.Combine(root.Path, "run.json")), "a cut-short run.json was kept; the engine would refuse the folder");
        Assert.Equal(4, new CheckpointStore(root.Path).Latest("knowledge")?.State.Step);
        var stored = await stack.Artifacts.ListAsync(prefix, recursive: true, Cancel).Select(e => e.Key[prefix.Length..]).ToListAsync(Cancel);
        Assert.Equal(["knowledge/step-00000004/model.bin", "knowledge/step-00000004/optimizer.bin", "knowledge/step-00000004/rng.bin", "knowledge/step-00000004/state.json"],
            stored.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(await live.CheckpointsAsync(job), c => c.Step == 8);
    }

    private async Task PutCheckpointAsync(string folder, string state, string weights)
    {
        foreach (var file in new[] { "model.bin", "optimizer.bin", "rng.bin" })
        {
            await stack.Artifacts.PutBytesAsync(folder + file, Encoding.UTF8.GetBytes(weights), cancellationToken: Cancel);
        }
        await stack.Artifacts.PutBytesAsync(folder + "state.json", Encoding.UTF8.GetBytes(state), cancellationToken: Cancel);
    }

    private static string State(long step) => JsonSerializer.Serialize(CheckpointState.Start("knowledge") with { Step = step, Epoch = 1, EpochEnd = true });
}
