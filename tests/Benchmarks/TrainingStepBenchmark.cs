using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using InstructLab.Aspire.Training;
using InstructLab.Aspire.Training.Batching;
using InstructLab.Aspire.Training.Encoding;
using InstructLab.Aspire.Training.Models;
using InstructLab.Aspire.Training.Optimization;
using TorchSharp;
using static TorchSharp.torch;

namespace InstructLab.Aspire.Benchmarks;

/// <summary>
/// Full training steps of the engine (forward, backward over every token, AdamW, clipping) in tokens/s on a
/// SmolLM2-135M-shaped model in f32, against PyTorch (Debian's python3-torch) with the same shape, batch, sequence
/// length and threads, run by this command after ours; and the process's peak resident memory per parameter.
/// </summary>
internal static class TrainingStepBenchmark
{
    public static Command Command()
    {
        var batch = new Option<int>("--batch") { DefaultValueFactory = _ => 1 };
        var sequence = new Option<int>("--sequence") { DefaultValueFactory = _ => 256 };
        var steps = new Option<int>("--steps") { Description = "Timed steps (after one warm-up step).", DefaultValueFactory = _ => 3 };
        var python = new Option<string>("--python") { Description = "A Python with torch.", DefaultValueFactory = _ => "/usr/bin/python3" };
        var command = new Command("training-step", "Full training steps of a 135M-shaped model: the engine against PyTorch, tokens/s and memory.") { batch, sequence, steps, python };
        command.SetAction(parseResult =>
        {
            var (b, t, n) = (parseResult.GetValue(batch), parseResult.GetValue(sequence), parseResult.GetValue(steps));
            var config = new LlamaConfig
            {
                Architecture = "llama", Layers = 30, Width = 576, Heads = 9, KeyValueHeads = 3, FeedForward = 1536, VocabularySize = 49152,
                ContextLength = t + 1, RopeDimensions = 64, TiedEmbeddings = true,
            };
            var threads = get_num_threads();
            manual_seed(1);
            using var model = new LlamaModel(config);
            var parameters = model.parameters().Sum(p => p.numel());
            var random = new Random(1);
            var samples = Enumerable.Range(0, b).Select(_ => new EncodedSample("s", [.. Enumerable.Range(0, t + 1).Select(_ => random.Next(config.VocabularySize))], [.. Enumerable.Range(0, t + 1).Select(i => i > 0)])).ToList();
            var step = EpochPlanner.Steps(samples, [.. Enumerable.Range(0, b)], b, b * (t + 1)).Single();
            var trainable = model.parameters().ToList();
            using var optimizer = optim.AdamW(trainable, lr: 1e-5, beta1: 0.9, beta2: 0.95, weight_decay: 0);
            void Step()
            {
                optimizer.zero_grad();
                StepGradients.Accumulate(model, samples, step, LossReduction.Step, CPU);
                using var scope = NewDisposeScope();
                nn.utils.clip_grad_norm_(trainable, 1.0);
                optimizer.step();
            }
            Step();
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < n; i++)
            {
                Step();
            }
            var ours = (double)b * t * n / clock.Elapsed.TotalSeconds;
            var matmul = TrainingThroughputBenchmark.MatmulFlops(b * t, config.Width, config.FeedForward, ScalarType.Float32);
            var peak = PeakResidentBytes();
            var (reference, referencePeak) = PyTorch(parseResult.GetRequiredValue(python), config, b, t, n, threads);
            var flops = TrainingThroughputBenchmark.FlopsPerToken(config, t);
            Console.WriteLine($"SmolLM2-135M shape ({parameters:N0} parameters, f32), {b}×{t} tokens a step, {threads} threads, {n} timed steps");
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| | tokens/s | GFLOP/s (matmuls) | fraction of this process's {b * t}×{config.Width}·{config.Width}×{config.FeedForward} matmul ({matmul / 1e9:0.0} GFLOP/s) | ratio | peak memory (bytes per parameter) |"));
            Console.WriteLine("|---|---|---|---|---|---|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| InstructLab.Aspire engine (TorchSharp {typeof(torch).Assembly.GetName().Version?.ToString(3)}) | {ours:0.0} | {ours * flops / 1e9:0.0} | {ours * flops / matmul:0.00} | {ours / reference:0.00}× | {peak / (double)(1L << 30):0.00} GiB ({(double)peak / parameters:0.0}) |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| PyTorch (python3-torch) | {reference:0.0} | {reference * flops / 1e9:0.0} | {reference * flops / matmul:0.00} | 1.00× | {referencePeak / (double)(1L << 30):0.00} GiB ({(double)referencePeak / parameters:0.0}) |"));
            Console.WriteLine();
            Console.WriteLine("Peak memory is each process's peak resident set (f32 weights + gradients + AdamW moments alone = 16 bytes per parameter).");
            return 0;
        });
        return command;
    }

    private static (double TokensPerSecond, long PeakBytes) PyTorch(string python, LlamaConfig c, int batch, int sequence, int steps, int threads)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Reference", "training_step.py");
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])[script, "--layers", $"{c.Layers}", "--width", $"{c.Width}", "--heads", $"{c.Heads}", "--kv-heads", $"{c.KeyValueHeads}", "--ffn", $"{c.FeedForward}",
            "--vocab", $"{c.VocabularySize}", "--batch", $"{batch}", "--sequence", $"{sequence}", "--steps", $"{steps}", "--threads", $"{threads}"])
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"the PyTorch reference failed: {error}");
        }
        var fields = output.Trim().Split(' ');
        return (double.Parse(fields[0], CultureInfo.InvariantCulture), long.Parse(fields[1], CultureInfo.InvariantCulture));
    }

    private static long PeakResidentBytes() =>
        File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)).Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024).Single();
}
