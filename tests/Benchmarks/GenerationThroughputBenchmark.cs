using System.CommandLine;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Grpc.Core;
using InstructLab.Aspire.Contracts.Generation.V1;
using InstructLab.Aspire.Contracts.Suite.V1;
using InstructLab.Aspire.Contracts.Taxonomy.V1;
using InstructLab.Aspire.Gguf.Building;
using InstructLab.Aspire.TestSupport;
using InstructLab.Aspire.TestSupport.Suites;

namespace InstructLab.Aspire.Benchmarks;

/// <summary>
/// Generation's throughput in a real job (the suite's processes on real Redis, RabbitMQ and S3) against serving's
/// peak aggregate tokens/s on the same model in the same run, and against a job whose teacher takes one request at a
/// time (what InstructLab does with a llama.cpp teacher).
/// </summary>
internal static class GenerationThroughputBenchmark
{
    public static Command Command()
    {
        var model = new Option<string?>("--model") { Description = "The GGUF teacher, or a test-model preset to build (135m); default: the shared ChatML model with random weights." };
        var samples = new Option<int>("--samples-per-seed") { Description = "Samples per seed example in the concurrent job.", DefaultValueFactory = _ => 8 };
        var serialSamples = new Option<int>("--serial-samples-per-seed") { Description = "Samples per seed example in the one-at-a-time job.", DefaultValueFactory = _ => 4 };
        var streams = new Option<int>("--streams") { Description = "Sequences serving decodes together, and requests in flight.", DefaultValueFactory = _ => 16 };
        var command = new Command("generation-throughput", "Generated tokens/s during a job vs. serving's peak, and vs. one request at a time.") { model, samples, serialSamples, streams };
        command.SetAction(async parseResult =>
        {
            using var folder = new TemporaryDirectory("bench-generation");
            var path = parseResult.GetValue(model) ?? Path.Combine(SharedFiles.Models, "synthetic", "tiny-random-llama-gpt2bpe-chatml.gguf");
            if (TinyModelPresets.ByName.TryGetValue(path, out var preset))
            {
                path = folder.Combine($"{path}.gguf");
                TinyModelBuilder.Build(preset, path);
            }
            var width = parseResult.GetValue(streams);
            await using var stack = await GenerationStack.StartAsync(path, instances: 1, new Dictionary<string, string>
            {
                ["Serving__MaxSequences"] = $"{width}",
                ["Serving__ContextSize"] = $"{width * 2048}",
                ["Serving__MaxSequenceLength"] = "4096",
                ["Serving__QueueLength"] = "1024",
            }, new Dictionary<string, string>
            {
                ["Generation__Workers__ConcurrentBatches"] = $"{width}",
                ["Generation__Teacher__MaxConcurrency"] = $"{width}",
                ["Generation__CacheResponses"] = "false",
            });
            var (taxonomy, _, _) = SampleTaxonomy.Build(stack.Workspace.Combine("bench"), SampleTaxonomy.SynonymsLeaf);

            var peak = await PeakAsync(stack, width, TimeSpan.FromSeconds(40));
            var concurrent = await JobAsync(stack, taxonomy, seed: 1, parseResult.GetValue(samples), concurrency: 0);
            var serial = await JobAsync(stack, taxonomy, seed: 2, samplesPerSeed: parseResult.GetValue(serialSamples), concurrency: 1);

            Console.WriteLine("| what | teacher tok/s while batches run | samples kept | submit s | batches s | mix s | samples/hour (leaf, whole job) |");
            Console.WriteLine("|---|---|---|---|---|---|---|");
            Console.WriteLine($"| serving alone, {width} requests in flight, same schema | {peak:0.0} | | | 40 | | |");
            Console.WriteLine(Row($"job, teacher {width} in flight", concurrent));
            Console.WriteLine(Row("job, teacher one request at a time", serial));
            Console.WriteLine();
            Console.WriteLine($"job ÷ serving peak: {concurrent.TokensPerSecond / peak:0.00}; job ÷ one at a time: {concurrent.TokensPerSecond / serial.TokensPerSecond:0.00}×");
        });
        return command;
    }

    /// <summary>A job's teacher tokens/s while its batches ran (submit answered to last batch done), and its phases.</summary>
    private sealed record JobRun(double TokensPerSecond, long Samples, double Submit, double Batches, double Mix)
    {
        public double SamplesPerHour => Samples / (Submit + Batches + Mix) * 3600;
    }

    private static string Row(string what, JobRun run) =>
        $"| {what} | {run.TokensPerSecond:0.0} | {run.Samples} | {run.Submit:0.0} | {run.Batches:0.0} | {run.Mix:0.0} | {run.SamplesPerHour:0} |";

    /// <summary>A freeform-skills job on the synonyms leaf: generated tokens over submit-to-completed time.</summary>
    private static async Task<JobRun> JobAsync(GenerationStack stack, string taxonomy, long seed, int samplesPerSeed, int concurrency)
    {
        var request = new SubmitJobRequest
        {
            Name = $"bench-{seed}",
            Taxonomy = new TaxonomySource { LocalPath = taxonomy },
            Base = "empty",
            Pipelines = { "freeform-skills-simple" },
            Teacher = new ChatEndpoint { StructuredOutput = StructuredOutput.Always, MaxConcurrency = concurrency },
            SamplesPerSeed = samplesPerSeed,
            BatchSize = 1,
            Seed = seed,
        };
        var clock = Stopwatch.StartNew();
        var submitted = await stack.Client.SubmitJobAsync(request);
        var (answered, batchesDone) = (clock.Elapsed.TotalSeconds, 0.0);
        Job job = submitted.Job;
        using (var watch = stack.Client.WatchJob(new WatchJobRequest { JobId = submitted.JobId }))
        {
            await foreach (var seen in watch.ResponseStream.ReadAllAsync())
            {
                job = seen;
                if (batchesDone == 0 && job.Progress.BatchesDone == job.Progress.BatchesTotal)
                {
                    batchesDone = clock.Elapsed.TotalSeconds;
                }
            }
        }
        var total = clock.Elapsed.TotalSeconds;
        if (job.State != JobState.Completed)
        {
            throw new InvalidOperationException($"job {job.Id} ended {job.State}: {job.Error}");
        }
        var batches = batchesDone - answered;
        return new JobRun(job.Progress.TeacherTokens / batches, job.Progress.SamplesKept, answered, batches, total - batchesDone);
    }

    /// <summary>Serving's aggregate completion tokens/s with <paramref name="streams"/> requests shaped like the job's answers always in flight.</summary>
    private static async Task<double> PeakAsync(GenerationStack stack, int streams, TimeSpan window)
    {
        using var client = new HttpClient { BaseAddress = stack.Serving, Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", stack.ServingKey);
        var tokens = 0L;
        var clock = Stopwatch.StartNew();
        var seed = 0;
        await Task.WhenAll(Enumerable.Range(0, streams).Select(async _ =>
        {
            while (clock.Elapsed < window)
            {
                var body = new JsonObject
                {
                    ["model"] = GenerationStack.Model,
                    ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "Answer this request well: name three synonyms of 'happy'. Reply with a JSON object with the fields answer." }),
                    ["max_tokens"] = 1540,
                    ["temperature"] = 0.4,
                    ["seed"] = Interlocked.Increment(ref seed),
                    ["response_format"] = new JsonObject
                    {
                        ["type"] = "json_schema",
                        ["json_schema"] = new JsonObject
                        {
                            ["name"] = "answer",
                            ["strict"] = true,
                            ["schema"] = JsonNode.Parse("""{"type":"object","properties":{"answer":{"type":"string","minLength":1,"maxLength":1500}},"required":["answer"],"additionalProperties":false}"""),
                        },
                    },
                };
                using var response = await client.PostAsync("/v1/chat/completions", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
                var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                Interlocked.Add(ref tokens, (long)answer["usage"]!["completion_tokens"]!);
            }
        }));
        return tokens / clock.Elapsed.TotalSeconds;
    }
}
