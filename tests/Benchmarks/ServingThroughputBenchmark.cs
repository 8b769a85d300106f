using System.CommandLine;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using InstructLab.Aspire.Gguf.Building;
using InstructLab.Aspire.LlamaCpp;
using InstructLab.Aspire.Serving;
using InstructLab.Aspire.TestSupport;
using LLama;
using LLama.Common;
using LLama.Native;
using LLama.Sampling;

namespace InstructLab.Aspire.Benchmarks;

/// <summary>
/// Serving's throughput on a 135M-shaped Q4_0 model with random weights: single-stream decode over HTTP against
/// LLamaSharp in-process (same process, same model, same threads), aggregate tokens/s at 1–32 concurrent streams,
/// and time to first token under that load.
/// </summary>
internal static class ServingThroughputBenchmark
{
    public static Command Command()
    {
        var tokens = new Option<int>("--tokens") { Description = "Completion tokens per stream.", DefaultValueFactory = _ => 128 };
        var levels = new Option<int[]>("--concurrency") { Description = "Concurrent streams to measure.", DefaultValueFactory = _ => [1, 4, 8, 16, 32], AllowMultipleArgumentsPerToken = true };
        var model = new Option<string?>("--model") { Description = "A GGUF to measure instead of the generated 135M-shape Q4_0 model." };
        var split = new Option<bool>("--split-kv") { Description = "Per-sequence KV caches instead of one unified cache." };
        var llamaServer = new Option<string?>("--llama-server") { Description = "A llama-server binary to measure at the same concurrency levels (built from llama.cpp's source; never committed)." };
        var command = new Command("serving-throughput", "HTTP vs. in-process decode speed and aggregate throughput under concurrency.") { tokens, levels, model, split, llamaServer };
        command.SetAction(async parseResult =>
        {
            using var folder = new TemporaryDirectory("bench-serving");
            var path = parseResult.GetValue(model) ?? folder.Combine("135m-q4_0.gguf");
            if (parseResult.GetValue(model) is null)
            {
                TinyModelBuilder.Build(TinyModelPresets.Serving135M, path);
            }
            var n = parseResult.GetValue(tokens);
            LlamaCppRuntime.EnsureConfigured();
            var eos = EndOfGeneration(path);

            var inProcess = new List<double>();
            var http = new List<double>();
            var options = new ServingOptions
            {
                ContextSize = 32 * (n + 32), MaxSequences = 32, QueueLength = 64, PrefixReuseMinTokens = 0, UnifiedKvCache = !parseResult.GetValue(split),
            };
            options.Models["bench"] = new ServedModelOptions { Path = path, Preload = true };
            await using var app = StandaloneServer.Build(options, port: 0);
            await app.StartAsync();
            using var client = new HttpClient { BaseAddress = StandaloneServer.Address(app), Timeout = TimeSpan.FromMinutes(30) };
            await StreamAsync(client, 0, 8, eos);
            // Alternate the two so that machine noise hits both alike.
            for (var round = 0; round < 3; round++)
            {
                inProcess.Add(InProcessDecode(path, n, eos));
                http.Add((await StreamAsync(client, round, n, eos)).DecodeTokensPerSecond);
            }
            var single = Median(http);
            Console.WriteLine($"model: {Path.GetFileName(path)}, {n} tokens per stream, {Environment.ProcessorCount} cores");
            Console.WriteLine();
            Console.WriteLine("| single stream | decode tok/s (median of 3) |");
            Console.WriteLine("|---|---|");
            Console.WriteLine($"| LLamaSharp in-process | {Median(inProcess):0.0} |");
            Console.WriteLine($"| serving over HTTP | {single:0.0} |");
            Console.WriteLine($"| ratio | {single / Median(inProcess):0.00} |");
            Console.WriteLine();
            using var reference = parseResult.GetValue(llamaServer) is { } binary ? await LlamaServer.StartAsync(binary, path, options) : null;
            Console.WriteLine("| concurrent streams | aggregate tok/s | × single stream | LLamaSharp BatchedExecutor alone tok/s | serving ÷ BatchedExecutor | TTFT median ms | TTFT max ms | llama-server tok/s | serving ÷ llama-server | llama-server TTFT median ms |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
            foreach (var level in parseResult.GetValue(levels)!)
            {
                var clock = Stopwatch.StartNew();
                var streams = await Task.WhenAll(Enumerable.Range(0, level).Select(i => StreamAsync(client, 100 + i, n, eos)));
                var seconds = clock.Elapsed.TotalSeconds;
                var total = streams.Sum(s => s.Tokens);
                var aggregate = total / seconds;
                var ttft = streams.Select(s => s.TimeToFirstToken.TotalMilliseconds).Order().ToList();
                var raw = InProcessBatched(path, level, n, eos, options);
                var other = "| – | – | – |";
                if (reference is not null)
                {
                    var otherClock = Stopwatch.StartNew();
                    var theirs = await Task.WhenAll(Enumerable.Range(0, level).Select(i => StreamAsync(reference.Client, 100 + i, n, eos, logprobs: 1)));
                    var theirAggregate = theirs.Sum(s => s.Tokens) / otherClock.Elapsed.TotalSeconds;
                    var theirTtft = theirs.Select(s => s.TimeToFirstToken.TotalMilliseconds).Order().ToList();
                    other = $"| {theirAggregate:0.0} | {aggregate / theirAggregate:0.00} | {theirTtft[theirTtft.Count / 2]:0} |";
                }
                Console.WriteLine($"| {level} | {aggregate:0.0} | {aggregate / single:0.00} | {raw:0.0} | {aggregate / raw:0.00} | {ttft[ttft.Count / 2]:0} | {ttft[^1]:0} {other}");
            }
            await app.StopAsync();
        });
        return command;
    }

    private sealed record Stream(int Tokens, TimeSpan TimeToFirstToken, double DecodeTokensPerSecond);

    private static async Task<Stream> StreamAsync(HttpClient client, int seed, int tokens, int eos, int logprobs = 0)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["model"] = "bench",
            ["prompt"] = $"Benchmark prompt number {seed}:",
            ["max_tokens"] = tokens,
            ["temperature"] = 0.8,
            ["seed"] = seed,
            ["stream"] = true,
            // Random weights mostly pick the vocabulary's reserved control tokens, which have no text: logprobs make
            // every token an event, so arrival times can be measured, at the cost of a log-softmax per token.
            ["logprobs"] = logprobs,
            ["logit_bias"] = new Dictionary<string, int> { [eos.ToString(System.Globalization.CultureInfo.InvariantCulture)] = -100 },
        });
        var clock = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        TimeSpan? first = null;
        var chunks = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith("data: {", StringComparison.Ordinal))
            {
                continue;
            }
            if (JsonNode.Parse(line[6..])!["choices"]?[0]?["logprobs"] is not null)
            {
                first ??= clock.Elapsed;
                chunks++;
            }
        }
        var last = clock.Elapsed;
        var firstToken = first ?? last;
        return new Stream(tokens, firstToken, (tokens - 1) / (last - firstToken).TotalSeconds);
    }

    /// <summary>The reference: one LLamaSharp context, one sequence, the same sampling, timed from first to last token.</summary>
    private static double InProcessDecode(string path, int tokens, int eos)
    {
        var parameters = new ModelParams(path) { ContextSize = 1024, GpuLayerCount = 0 };
        using var weights = LLamaWeights.LoadFromFile(parameters);
        var executor = new StatelessExecutor(weights, parameters);
        var inference = new InferenceParams
        {
            MaxTokens = tokens,
            SamplingPipeline = new DefaultSamplingPipeline
            {
                Temperature = 0.8f, TopK = 40, TopP = 0.95f, MinP = 0.05f, Seed = 1,
                LogitBias = new Dictionary<LLamaToken, float> { [(LLamaToken)eos] = float.NegativeInfinity },
            },
        };
        var clock = new Stopwatch();
        var count = 0;
        foreach (var _ in executor.InferAsync("Benchmark prompt number 0:", inference).ToBlockingEnumerable())
        {
            if (count++ == 0)
            {
                clock.Start();
            }
        }
        return (tokens - 1) / clock.Elapsed.TotalSeconds;
    }

    /// <summary>The ceiling: LLamaSharp's BatchedExecutor driven directly (no HTTP, no scheduler), same sequences, same sampling.</summary>
    private static double InProcessBatched(string path, int streams, int tokens, int eos, ServingOptions options)
    {
        var parameters = new ModelParams(path)
        {
            ContextSize = (uint)options.ContextSize, SeqMax = (uint)options.MaxSequences, KVUnified = options.UnifiedKvCache,
            BatchSize = (uint)options.BatchSize, UBatchSize = (uint)options.BatchSize, GpuLayerCount = 0,
        };
        using var weights = LLamaWeights.LoadFromFile(parameters);
        using var executor = new LLama.Batched.BatchedExecutor(weights, parameters);
        var sequences = Enumerable.Range(0, streams).Select(i =>
        {
            var conversation = executor.Create();
            conversation.Prompt(executor.Context.Tokenize($"Benchmark prompt number {100 + i}:", true, false));
            var sampler = new DefaultSamplingPipeline
            {
                Temperature = 0.8f, TopK = 40, TopP = 0.95f, MinP = 0.05f, Seed = (uint)i,
                LogitBias = new Dictionary<LLamaToken, float> { [(LLamaToken)eos] = float.NegativeInfinity },
            };
            return (Conversation: conversation, Sampler: sampler);
        }).ToList();
        var clock = Stopwatch.StartNew();
        for (var step = 0; step < tokens; step++)
        {
            // Infer decodes one queued batch at a time: sample each sequence as soon as its token has been decoded.
            var pending = sequences.ToList();
            while (pending.Count > 0)
            {
                var ready = pending.Where(s => s.Conversation.RequiresSampling).ToList();
                if (ready.Count == 0)
                {
                    var result = executor.Infer().GetAwaiter().GetResult();
                    if (result != DecodeResult.Ok)
                    {
                        throw new InvalidOperationException($"llama.cpp could not decode at step {step} with {streams} sequences: {result}");
                    }
                    continue;
                }
                foreach (var sequence in ready)
                {
                    var token = sequence.Sampler.Sample(executor.Context.NativeHandle, sequence.Conversation.GetSampleIndex());
                    sequence.Conversation.Prompt(token);
                    pending.Remove(sequence);
                }
            }
        }
        var seconds = clock.Elapsed.TotalSeconds;
        foreach (var (conversation, sampler) in sequences)
        {
            conversation.Dispose();
            sampler.Dispose();
        }
        return streams * tokens / seconds;
    }

    private static int EndOfGeneration(string path)
    {
        using var tokenizer = GgufTokenizer.Open(path);
        return tokenizer.Eos ?? 0;
    }

    /// <summary>llama.cpp's own server on the same model, context, sequences and threads, for comparison only.</summary>
    private sealed class LlamaServer(Process process, HttpClient client) : IDisposable
    {
        public HttpClient Client { get; } = client;

        public static async Task<LlamaServer> StartAsync(string binary, string model, ServingOptions options)
        {
            var port = InstructLab.Aspire.TestSupport.Servers.FreePort.Next();
            var start = new ProcessStartInfo(binary,
            [
                "-m", model, "--host", "127.0.0.1", "--port", $"{port}", "-c", $"{options.ContextSize}", "-np", $"{options.MaxSequences}",
                "-b", $"{options.BatchSize}", "-ub", $"{options.BatchSize}", "-t", $"{Environment.ProcessorCount}", "--no-webui",
                .. options.UnifiedKvCache ? new[] { "--kv-unified" } : [],
            ]) { RedirectStandardOutput = true, RedirectStandardError = true };
            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(30) };
            for (var i = 0; i < 600; i++)
            {
                try
                {
                    if ((await client.GetAsync("/health")).IsSuccessStatusCode)
                    {
                        return new LlamaServer(process, client);
                    }
                }
                catch (HttpRequestException)
                {
                }
                await Task.Delay(100);
            }
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("llama-server did not become healthy within 60 s");
        }

        public void Dispose()
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            Client.Dispose();
        }
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
