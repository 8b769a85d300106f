using System.CommandLine;
using System.Diagnostics;
using InstructLab.Aspire.Gguf.Building;
using InstructLab.Aspire.Gguf.Format;
using InstructLab.Aspire.LlamaCpp;
using InstructLab.Aspire.TestSupport;
using InstructLab.Aspire.Training.Models.Gguf;
using LLama;
using LLama.Common;

namespace InstructLab.Aspire.Benchmarks;

/// <summary>
/// GGUF load time against file size: our header read, our read+dequantize of every tensor, the TorchSharp model load,
/// and llama.cpp's load (LLamaSharp, memory-mapped) of the same file for scale.
/// </summary>
internal static class GgufLoadBenchmark
{
    public static Command Command()
    {
        var repetitions = new Option<int>("--repetitions") { Description = "Runs per file (the median counts).", DefaultValueFactory = _ => 3 };
        var command = new Command("gguf-load", "Load time vs. file size of generated GGUF models.") { repetitions };
        command.SetAction(parseResult =>
        {
            using var folder = new TemporaryDirectory("bench-gguf");
            var models = new (string Name, TinyModelSpec Spec)[]
            {
                ("tiny F32", TinyModelPresets.Tiny),
                ("5M F32", TinyModelPresets.Training5M),
                ("5M Q8_0", TinyModelPresets.Training5M with { WeightType = GgmlType.Q8_0 }),
                ("135M-shape Q4_0", TinyModelPresets.Serving135M),
                ("135M-shape F16", TinyModelPresets.Serving135M with { WeightType = GgmlType.F16 }),
            };
            LlamaCppRuntime.EnsureConfigured();
            Console.WriteLine("| model | MiB | header ms | read+dequantize ms (MiB/s) | TorchSharp load ms | llama.cpp load ms |");
            Console.WriteLine("|---|---|---|---|---|---|");
            foreach (var (name, spec) in models)
            {
                var path = folder.Combine(name.Replace(' ', '-') + ".gguf");
                TinyModelBuilder.Build(spec, path);
                var mebibytes = new FileInfo(path).Length / (1024.0 * 1024);
                var n = parseResult.GetValue(repetitions);
                var header = Median(n, () => GgufFile.Open(path));
                var dequantize = Median(n, () =>
                {
                    var file = GgufFile.Open(path);
                    foreach (var tensor in file.Tensors)
                    {
                        file.ReadFloats(tensor);
                    }
                });
                var torch = Median(n, () => LlamaGguf.Load(GgufFile.Open(path)).Dispose());
                var llama = Median(n, () =>
                {
                    using var weights = LLamaWeights.LoadFromFile(new ModelParams(path) { GpuLayerCount = 0 });
                });
                Console.WriteLine($"| {name} | {mebibytes:0.0} | {header:0.0} | {dequantize:0} ({mebibytes / (dequantize / 1000):0}) | {torch:0} | {llama:0} |");
            }
            return 0;
        });
        return command;
    }

    private static double Median(int repetitions, Action action)
    {
        var samples = new List<double>();
        for (var i = 0; i < repetitions; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            samples.Add(clock.Elapsed.TotalMilliseconds);
        }
        samples.Sort();
        return samples[samples.Count / 2];
    }
}
