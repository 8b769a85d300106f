using System.Text.Json;
using InstructLab.Aspire.Training.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace InstructLab.Aspire.Training.Checkpoints;

/// <summary>
/// Checkpoints under <c>ROOT/PHASE/step-NNNNNNNN/</c>: weights, AdamW state, the torch RNG state and
/// <c>state.json</c>. Each is written under a temporary name and renamed when whole, so a killed process leaves
/// either a complete checkpoint or none. Epoch-end checkpoints are kept; of the others only the newest.
/// </summary>
public sealed class CheckpointStore(string root)
{
    private const string StateFile = "state.json";
    private const string RunFile = "run.json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>Refuses a folder that holds checkpoints of a different run; records this run's fingerprint otherwise.</summary>
    public void Claim(string fingerprint, string description)
    {
        Directory.CreateDirectory(Root);
        var path = Path.Combine(Root, RunFile);
        if (File.Exists(path))
        {
            var recorded = JsonSerializer.Deserialize<RunRecord>(File.ReadAllText(path));
            if (recorded?.Fingerprint != fingerprint)
            {
                throw new TrainingInputException(
                    $"{Root} holds checkpoints of a different run (other model, data or options: {recorded?.Description}); give another --checkpoint-dir, or delete that folder to start over.");
            }
            return;
        }
        // Under a temporary name first: a process killed while writing leaves no empty run.json behind.
        var partial = $"{path}.partial-{Environment.ProcessId}";
        File.WriteAllText(partial, JsonSerializer.Serialize(new RunRecord(fingerprint, description), Json));
        File.Move(partial, path, overwrite: true);
    }

    /// <summary>The newest complete checkpoint of a phase, or null.</summary>
    public (string Path, CheckpointState State)? Latest(string phase)
    {
        var folder = Path.Combine(Root, phase);
        if (!Directory.Exists(folder))
        {
            return null;
        }
        var newest = Directory.GetDirectories(folder, "step-*")
            .Where(d => !Path.GetFileName(d).Contains(".partial", StringComparison.Ordinal) && File.Exists(Path.Combine(d, StateFile)))
            .OrderByDescending(d => d, StringComparer.Ordinal)
            .FirstOrDefault();
        return newest is null ? null : (newest, ReadState(newest));
    }

    /// <summary>Every complete epoch-end checkpoint of a phase, oldest first.</summary>
    public IReadOnlyList<(string Path, CheckpointState State)> EpochEnds(string phase)
    {
        var folder = Path.Combine(Root, phase);
        return !Directory.Exists(folder)
            ? []
            : [.. Directory.GetDirectories(folder, "step-*")
                .Where(d => !Path.GetFileName(d).Contains(".partial", StringComparison.Ordinal) && File.Exists(Path.Combine(d, StateFile)))
                .Order(StringComparer.Ordinal)
                .Select(d => (d, ReadState(d)))
                .Where(c => c.Item2.EpochEnd)];
    }

    public string Save(CheckpointState state, LlamaModel model, OptimizerHelper optimizer)
    {
        var folder = Path.Combine(Root, state.Phase);
        var final = Path.Combine(folder, $"step-{state.Step:D8}");
        if (Directory.Exists(final))
        {
            return final;
        }
        var partial = $"{final}.partial-{Environment.ProcessId}";
        Directory.CreateDirectory(partial);
        model.save(Path.Combine(partial, "model.bin"));
        optimizer.save_state_dict(Path.Combine(partial, "optimizer.bin"));
        using (var rng = torch.random.get_rng_state())
        {
            File.WriteAllBytes(Path.Combine(partial, "rng.bin"), rng.data<byte>().ToArray());
        }
        File.WriteAllText(Path.Combine(partial, StateFile), JsonSerializer.Serialize(state, Json));
        Directory.Move(partial, final);
        Prune(folder, final);
        return final;
    }

    /// <summary>Loads a checkpoint's weights into <paramref name="model"/>.</summary>
    public static void LoadWeights(string checkpoint, LlamaModel model) => model.load(Path.Combine(checkpoint, "model.bin"), strict: true);

    /// <summary>Restores the optimizer's state and the torch RNG as they were when the checkpoint was written.</summary>
    public static void LoadTrainingState(string checkpoint, OptimizerHelper optimizer)
    {
        optimizer.load_state_dict(Path.Combine(checkpoint, "optimizer.bin"));
        torch.random.set_rng_state(torch.tensor(File.ReadAllBytes(Path.Combine(checkpoint, "rng.bin"))));
    }

    public static CheckpointState ReadState(string checkpoint) =>
        JsonSerializer.Deserialize<CheckpointState>(File.ReadAllText(Path.Combine(checkpoint, StateFile)))
            ?? throw new InvalidDataException($"{checkpoint}: empty {StateFile}");

    /// <summary>A checkpoint's state, or null where <c>state.json</c> is missing, empty or cut short.</summary>
    public static CheckpointState? TryReadState(string checkpoint)
    {
        try
        {
            return ReadState(checkpoint);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or IOException)
        {
            return null;
        }
    }

    /// <summary>Whether <paramref name="path"/> is a whole <c>run.json</c> (one a killed upload cut short is not).</summary>
    public static bool IsRunFile(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<RunRecord>(File.ReadAllText(path)) is { Fingerprint.Length: > 0 };
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return false;
        }
    }

    private static void Prune(string folder, string keep)
    {
        foreach (var directory in Directory.GetDirectories(folder, "step-*"))
        {
            var stale = directory.Contains(".partial", StringComparison.Ordinal)
                || (directory != keep && File.Exists(Path.Combine(directory, StateFile)) && !ReadState(directory).EpochEnd);
            if (stale && !directory.EndsWith($".partial-{Environment.ProcessId}", StringComparison.Ordinal))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private sealed record RunRecord(string Fingerprint, string Description);
}
