using System.CommandLine;
using System.Diagnostics;
using InstructLab.Aspire.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace InstructLab.Aspire.Benchmarks;

/// <summary>
/// Forward+backward tokens/s of the TorchSharp Llama model (d=256, 4 layers, 1,024 tokens a step) in f32 and bf16, and
/// the fraction of the same process's measured matmul FLOP/s that it reaches.
/// </summary>
internal static class TrainingThroughputBenchmark
{
    public static Command Command()
    {
        var batch = new Option<int>("--batch") { Description = "Sequences a step.", DefaultValueFactory = _ => 4 };
        var sequence = new Option<int>("--sequence") { Description = "Tokens a sequence.", DefaultValueFactory = _ => 256 };
        var steps = new Option<int>("--steps") { Description = "Timed steps a round (after 2 warm-up steps).", DefaultValueFactory = _ => 4 };
        var rounds = new Option<int>("--rounds") { Description = "Rounds of matmul and model measurements (medians count).", DefaultValueFactory = _ => 5 };
        var dtypes = new Option<string[]>("--dtype") { Description = "float32, bfloat16 (both unless given).", DefaultValueFactory = _ => ["float32", "bfloat16"], AllowMultipleArgumentsPerToken = true };
        var command = new Command("training-throughput", "Forward+backward tokens/s of a d=256, 4-layer model, as a fraction of matmul FLOP/s.") { batch, sequence, steps, rounds, dtypes };
        command.SetAction(parseResult =>
        {
            var config = new LlamaConfig
            {
                Architecture = "llama",
                Layers = 4,
                Width = 256,
                Heads = 4,
                KeyValueHeads = 4,
                FeedForward = 768,
                VocabularySize = 4096,
                ContextLength = parseResult.GetValue(sequence),
                RopeDimensions = 64,
            };
            var (b, t, n) = (parseResult.GetValue(batch), parseResult.GetValue(sequence), parseResult.GetValue(steps));
            Console.WriteLine($"torch threads: {get_num_threads()}; model d={config.Width}, {config.Layers} layers, FFN {config.FeedForward}, vocabulary {config.VocabularySize}; {b}×{t} tokens a step");
            Console.WriteLine();
            Console.WriteLine("| dtype | matmul GFLOP/s (1024×256 · 256×768) | matmul GFLOP/s (1024³) | model tokens/s | model GFLOP/s | fraction of model-shaped matmul | fraction of 1024³ matmul |");
            Console.WriteLine("|---|---|---|---|---|---|---|");
            foreach (var dtype in parseResult.GetRequiredValue(dtypes).Select(d => Enum.Parse<ScalarType>(d, ignoreCase: true)))
            {
                // Rounds alternate the matmuls and the model so that a noisy neighbour slows both alike; medians count.
                using var trainer = new Trainer(config, dtype, b, t);
                var (shaped, square, tokensPerSecond) = (new List<double>(), new List<double>(), new List<double>());
                for (var round = 0; round < parseResult.GetValue(rounds); round++)
                {
                    shaped.Add(MatmulFlops(1024, 256, 768, dtype));
                    square.Add(MatmulFlops(1024, 1024, 1024, dtype));
                    tokensPerSecond.Add(trainer.TokensPerSecond(parseResult.GetValue(steps)));
                }
                var modelFlops = Median(tokensPerSecond) * FlopsPerToken(config, t);
                Console.WriteLine($"| {dtype} | {Median(shaped) / 1e9:0.0} | {Median(square) / 1e9:0.0} | {Median(tokensPerSecond):0} | {modelFlops / 1e9:0.0} | {modelFlops / Median(shaped):0.00} | {modelFlops / Median(square):0.00} |");
            }
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Matmul FLOPs of one token's forward and backward pass (3 × forward): 2 per weight of every projection and of the
    /// output head, plus the causal half of attention's two T×T products. Embedding lookups, norms and softmax are free.
    /// </summary>
    public static double FlopsPerToken(LlamaConfig c, int sequence)
    {
        var kv = c.KeyValueHeads * c.HeadDimension;
        double weights = c.Layers * ((double)c.Width * c.Width * 2 + (double)c.Width * kv * 2 + 3.0 * c.Width * c.FeedForward) + (double)c.Width * c.VocabularySize;
        var attention = c.Layers * 2.0 * 2 * c.Width * sequence / 2;
        return 3 * (2 * weights + attention);
    }

    private static double Median(List<double> samples) => samples.Order().ElementAt(samples.Count / 2);

    /// <summary>A model with random tokens, stepping forward and backward (gradients only, no optimizer).</summary>
    private sealed class Trainer : IDisposable
    {
        private readonly LlamaModel model;
        private readonly Tensor inputs;
        private readonly Tensor targets;
        private readonly int vocabulary;

        public Trainer(LlamaConfig config, ScalarType dtype, int batch, int sequence)
        {
            manual_seed(1);
            model = new LlamaModel(config);
            if (dtype != ScalarType.Float32)
            {
                model.to(dtype);
            }
            model.train();
            vocabulary = config.VocabularySize;
            var tokens = randint(config.VocabularySize, [batch, sequence + 1], dtype: int64);
            inputs = tokens[.., ..^1];
            targets = tokens[.., 1..].reshape(-1);
            Step();
            Step();
        }

        public double TokensPerSecond(int steps)
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < steps; i++)
            {
                Step();
            }
            return (double)inputs.numel() * steps / clock.Elapsed.TotalSeconds;
        }

        private void Step()
        {
            using var scope = NewDisposeScope();
            model.zero_grad();
            var logits = model.forward(inputs);
            var loss = nn.functional.cross_entropy(logits.reshape(-1, vocabulary).to(float32), targets);
            loss.backward();
        }

        public void Dispose()
        {
            model.Dispose();
            inputs.Dispose();
            targets.Dispose();
        }
    }

    internal static double MatmulFlops(int m, int k, int n, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var a = randn(m, k, dtype: dtype);
        var b = randn(k, n, dtype: dtype);
        for (var i = 0; i < 3; i++)
        {
            a.matmul(b).Dispose();
        }
        var repetitions = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(1))
        {
            a.matmul(b).Dispose();
            repetitions++;
        }
        return 2.0 * m * k * n * repetitions / clock.Elapsed.TotalSeconds;
    }
}
