using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Training.Api.Jobs;
using InstructLab.Aspire.Training.Checkpoints;

namespace InstructLab.Aspire.Training.Api.Workers;

/// <summary>
/// A job's checkpoints between a worker's folder and the artifact store (<c>training/&lt;job&gt;/&lt;phase&gt;/step-N/</c>):
/// each one uploaded as soon as the engine has written it (<c>state.json</c> last, so a checkpoint with its state is
/// whole), and, before a segment, the newest of each phase fetched when this worker does not have it.
/// </summary>
public sealed partial class CheckpointSync(IArtifactStore store, LiveProgress live, ILogger<CheckpointSync> logger)
{
    private const string StateFile = "state.json";
    private const string RunFile = "run.json";
    private static readonly string[] Files = ["model.bin", "optimizer.bin", "rng.bin", StateFile];

    /// <summary>
    /// Makes every stored checkpoint present under <paramref name="root"/>: the store keeps only epoch ends and each
    /// phase's newest, which are what resuming and choosing the best epoch need. A stored checkpoint whose
    /// <c>state.json</c> does not read whole (a worker killed while uploading it, on a store whose writes are not
    /// atomic) is deleted from the store and skipped: the job resumes from the one before it.
    /// </summary>
    public async Task RestoreAsync(Guid job, string root, CancellationToken cancellationToken)
    {
        var prefix = TrainingKeys.Checkpoints(job);
        var complete = new List<(string Phase, string Step)>();
        var hasRun = false;
        await foreach (var entry in store.ListAsync(prefix, recursive: true, cancellationToken))
        {
            var parts = entry.Key[prefix.Length..].Split('/');
            if (parts is [RunFile])
            {
                hasRun = true;
            }
            else if (parts is [var phase, var step, StateFile] && step.StartsWith("step-", StringComparison.Ordinal))
            {
                complete.Add((phase, step));
            }
        }
        if (hasRun && !File.Exists(Path.Combine(root, RunFile)))
        {
            await RestoreRunFileAsync(prefix, root, cancellationToken);
        }
        foreach (var (phase, step) in complete)
        {
            var folder = Path.Combine(root, phase, step);
            if (Directory.Exists(folder))
            {
                continue;
            }
            var partial = $"{folder}.partial-download";
            if (Directory.Exists(partial))
            {
                Directory.Delete(partial, recursive: true);
            }
            Directory.CreateDirectory(partial);
            var stored = $"{prefix}{phase}/{step}/";
            foreach (var file in Files)
            {
                await store.DownloadToFileAsync(stored + file, Path.Combine(partial, file), cancellationToken);
            }
            var state = CheckpointStore.TryReadState(partial);
            if (state is null || state.Phase != phase || $"step-{state.Step:D8}" != step)
            {
                LogDamaged(job, stored);
                Directory.Delete(partial, recursive: true);
                await DeleteStoredAsync(job, stored, cancellationToken);
                continue;
            }
            Directory.Move(partial, folder);
        }
    }

    private async Task RestoreRunFileAsync(string prefix, string root, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(root);
        var path = Path.Combine(root, RunFile);
        var partial = $"{path}.partial-download";
        await store.DownloadToFileAsync(prefix + RunFile, partial, cancellationToken);
        if (CheckpointStore.IsRunFile(partial))
        {
            File.Move(partial, path, overwrite: true);
            return;
        }
        // Cut short: the engine writes a new one, and the next upload stores it.
        File.Delete(partial);
        await store.DeleteAsync(prefix + RunFile, cancellationToken);
    }

    private async Task DeleteStoredAsync(Guid job, string stored, CancellationToken cancellationToken)
    {
        foreach (var file in Enumerable.Reverse(Files))
        {
            await store.DeleteAsync(stored + file, cancellationToken);
        }
        await live.RemoveCheckpointAsync(job, stored);
    }

    /// <summary>Stores a checkpoint the engine has just written; drops stored mid-epoch ones it superseded (as the engine does locally).</summary>
    public async Task UploadAsync(Guid job, string root, string checkpoint, CancellationToken cancellationToken)
    {
        var prefix = TrainingKeys.Checkpoints(job);
        var runFile = Path.Combine(root, RunFile);
        if (File.Exists(runFile) && !await store.ExistsAsync(prefix + RunFile, cancellationToken))
        {
            await store.PutFileAsync(prefix + RunFile, runFile, "application/json", cancellationToken);
        }
        var state = CheckpointStore.ReadState(checkpoint);
        var folder = $"{prefix}{state.Phase}/{Path.GetFileName(checkpoint)}/";
        foreach (var file in Files)
        {
            await store.PutFileAsync(folder + file, Path.Combine(checkpoint, file), cancellationToken: cancellationToken);
        }
        var epoch = state.EpochEnd ? state.Epoch : state.Epoch + 1;
        await live.AddCheckpointAsync(job, new LiveProgress.CheckpointRecord(state.Phase, state.Step, folder, state.EpochEnd, epoch,
            state.History.LastOrDefault()?.Loss ?? double.NaN));
        foreach (var stale in (await live.CheckpointsAsync(job)).Where(c => c.Phase == state.Phase && !c.EpochEnd && c.Key != folder))
        {
            await DeleteStoredAsync(job, stale.Key, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Training job {Job}: stored checkpoint {Key} is not whole (its upload was cut short); deleted, resuming from the one before it")]
    private partial void LogDamaged(Guid job, string key);
}
