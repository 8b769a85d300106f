using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using InstructLab.Aspire.Artifacts;
using Grpc.Core;
using InstructLab.Aspire.Contracts.Generation.V1;
using InstructLab.Aspire.Contracts.Judging.V1;
using InstructLab.Aspire.Contracts.Suite.V1;
using InstructLab.Aspire.Contracts.Taxonomy.V1;
using InstructLab.Aspire.Contracts.Training.V1;
using InstructLab.Aspire.TestSupport;
using InstructLab.Aspire.TestSupport.Fuzzing;
using static InstructLab.Aspire.Cycles.IntegrationTests.Cycles;

namespace InstructLab.Aspire.Cycles.IntegrationTests;

/// <summary>
/// Hostile input against the five running services (fixed seeds, fixed counts): valid requests mutated field by field
/// (gRPC), valid qna.yaml and pipeline files mutated line by line, valid OpenAI bodies mutated key by key. Every answer
/// must be a clean one — OK, or an error a caller can act on (INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION, … with a
/// message; a 4xx with a message) — never INTERNAL, UNKNOWN, a 5xx, or a service that stopped answering. Jobs a mutated
/// request happens to start are cancelled at once. It found serving failing every request in a batch when a client went
/// away under concurrent load (fixed; ConcurrencyTests in Serving holds it). Runs in one collection with the cycle tests,
/// not beside them: its mutated requests keep serving busy (long completions, jobs to cancel) on two cores, and beside
/// them a cycle once waited more than its two minutes for generation to end.
/// </summary>
[Collection(CycleSuite.Collection)]
public sealed class FuzzTests(CycleSuite suite)
{
    private const int Count = 60;

    private static readonly StatusCode[] Clean =
    [
        StatusCode.OK, StatusCode.InvalidArgument, StatusCode.NotFound, StatusCode.FailedPrecondition, StatusCode.OutOfRange,
        StatusCode.AlreadyExists, StatusCode.PermissionDenied, StatusCode.ResourceExhausted,
    ];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private readonly List<string> failures = [];

    [Fact]
    public async Task MutatedRequestsAndFilesGetCleanAnswersFromEveryService()
    {
        var (taxonomy, _, _) = SampleTaxonomy.Build(suite.Stack.Workspace.Combine($"fuzz-{Guid.NewGuid():N}"), SampleTaxonomy.SynonymsLeaf);
        using var taxonomyChannel = suite.Stack.Channel(suite.Stack.TaxonomyUrl);
        using var judgingChannel = suite.Stack.Channel(suite.Stack.JudgingUrl);
        var taxonomyClient = new TaxonomyService.TaxonomyServiceClient(taxonomyChannel);
        var judge = new JudgingService.JudgingServiceClient(judgingChannel);
        var evaluations = new EvaluationService.EvaluationServiceClient(judgingChannel);
        var source = new TaxonomySource { LocalPath = taxonomy };
        var endpoint = new ChatEndpoint { Model = CycleSuite.Model, StructuredOutput = StructuredOutput.Always };

        // OpenAI requests to serving.
        var chatRandom = new Random(9);
        using var http = new HttpClient { BaseAddress = suite.Stack.Serving, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", suite.Stack.ServingKey);
        var chat = new JsonObject
        {
            ["model"] = CycleSuite.Model, ["max_tokens"] = 4, ["seed"] = 1,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "Hello" }),
        };
        for (var i = 0; i < Count; i++)
        {
            var body = JsonMutator.Mutate(chat, chatRandom, 1 + i % 3).ToJsonString();
            using var answer = await http.PostAsync("/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"), Cancel);
            var text = await answer.Content.ReadAsStringAsync(Cancel);
            if ((int)answer.StatusCode >= 500 || (!answer.IsSuccessStatusCode && !text.Contains("\"message\"", StringComparison.Ordinal)))
            {
                failures.Add($"serving chat #{i}: {(int)answer.StatusCode} {Cut(text)} for {Cut(body)}");
            }
        }

        await FuzzAsync("taxonomy Validate", 1, new ValidateRequest { Source = source, Base = "empty" },
            async r => await taxonomyClient.ValidateAsync(r, cancellationToken: Cancel));
        await FuzzAsync("taxonomy GetLeaves", 2, new GetLeavesRequest { Source = source, Base = "empty" },
            async r => await Drain(taxonomyClient.GetLeaves(r, cancellationToken: Cancel)));
        await FuzzAsync("judging Judge", 3, new JudgeRequest { Rubric = "answer_rating", Endpoint = endpoint, Items = { new JudgeItem { Id = "1", Question = "2+2?", Answer = "4" } } },
            async r => await judge.JudgeAsync(r, cancellationToken: Cancel));
        await FuzzAsync("generation SubmitJob", 4, GenerationRequest(source, endpoint), async r =>
        {
            var submitted = await suite.Stack.Client.SubmitJobAsync(r, cancellationToken: Cancel);
            await suite.Stack.Client.CancelJobAsync(new CancelJobRequest { JobId = submitted.JobId }, cancellationToken: Cancel);
        });
        await FuzzAsync("training SubmitJob", 5, new SubmitTrainingJobRequest
        {
            BaseModel = "artifact:" + CycleSuite.StudentKey, OutputModelId = "fuzzed", Strategy = "skills-only",
            Data = new TrainingData { Files = new DatasetFiles { SkillsKey = await SkillsDataAsync() } },
            Skills = new PhaseOptions { Epochs = 1, EffectiveBatchSize = 2 }, MaxSequenceLength = 256,
        }, async r =>
        {
            var job = await suite.Training.SubmitJobAsync(r, cancellationToken: Cancel);
            await suite.Training.CancelJobAsync(new GetTrainingJobRequest { JobId = job.Id }, cancellationToken: Cancel);
        });
        await FuzzAsync("evaluation Run", 6, new RunEvaluationRequest
        {
            Benchmark = "mt_bench_branch", Model = endpoint, BaseModel = endpoint, Judge = endpoint, Taxonomy = source, Base = "empty",
            Options = new EvaluationOptions { Limit = 1 },
        }, async r =>
        {
            var evaluation = await evaluations.RunAsync(r, cancellationToken: Cancel);
            await evaluations.CancelAsync(new GetEvaluationRequest { Id = evaluation.Id }, cancellationToken: Cancel);
        });
        await FuzzAsync("cycle Run", 7, Request(taxonomy, "empty", "fuzzed-cycle"), async r =>
        {
            var cycle = await suite.Cycles.RunAsync(r, cancellationToken: Cancel);
            await suite.Cycles.CancelAsync(new GetCycleRequest { Id = cycle.Id }, cancellationToken: Cancel);
        });

        // Files: qna.yaml through taxonomy, pipeline YAML through generation.
        var qna = await File.ReadAllTextAsync(Path.Combine(taxonomy, SampleTaxonomy.SynonymsLeaf), Cancel);
        var pipeline = await File.ReadAllTextAsync(Repository.PathOf("src", "Generation", "Generation", "Builtin", "freeform-skills-simple.yaml"), Cancel);
        var random = new Random(8);
        for (var i = 0; i < Count; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(taxonomy, SampleTaxonomy.SynonymsLeaf), TextMutator.Mutate(qna, random, 1 + i % 4), Cancel);
            await CallAsync("qna.yaml", i, "", async () => await taxonomyClient.ValidateAsync(new ValidateRequest { Source = source, Paths = { SampleTaxonomy.SynonymsLeaf } }, cancellationToken: Cancel));
            var file = TextMutator.Mutate(pipeline, random, 1 + i % 4);
            var request = GenerationRequest(source, endpoint);
            request.Pipelines.Clear();
            request.Pipelines.Add("fuzzed");
            request.PipelineFiles.Add(new PipelineFile { Name = "fuzzed", Yaml = file });
            await CallAsync("pipeline file", i, file, async () =>
            {
                var submitted = await suite.Stack.Client.SubmitJobAsync(request, cancellationToken: Cancel);
                await suite.Stack.Client.CancelJobAsync(new CancelJobRequest { JobId = submitted.JobId }, cancellationToken: Cancel);
            });
        }
        await File.WriteAllTextAsync(Path.Combine(taxonomy, SampleTaxonomy.SynonymsLeaf), qna, Cancel);

        // Everyone still answers.
        Assert.Equal("taxonomy", (await taxonomyClient.GetInfoAsync(new GetInfoRequest(), cancellationToken: Cancel)).Service);
        Assert.Equal("judging", (await judge.GetInfoAsync(new GetInfoRequest(), cancellationToken: Cancel)).Service);
        Assert.Equal("generation", (await suite.Stack.Client.GetInfoAsync(new GetInfoRequest(), cancellationToken: Cancel)).Service);
        Assert.Equal("training", (await suite.Training.GetInfoAsync(new GetInfoRequest(), cancellationToken: Cancel)).Service);
        Assert.True((await http.GetAsync("/health", Cancel)).IsSuccessStatusCode);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private async Task FuzzAsync<T>(string target, int seed, T valid, Func<T, Task> call) where T : IMessage<T>
    {
        var random = new Random(seed);
        for (var i = 0; i < Count; i++)
        {
            var request = ProtoMutator.Mutate(valid, random, 1 + i % 3);
            await CallAsync(target, i, JsonFormatter.Default.Format(request), () => call(request));
        }
    }

    private async Task CallAsync(string target, int index, string request, Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (RpcException e) when (Clean.Contains(e.StatusCode) && e.Status.Detail.Length > 0)
        {
            // A clean refusal.
        }
        catch (RpcException e)
        {
            failures.Add($"{target} #{index}: {e.StatusCode} '{Cut(e.Status.Detail)}' for {Cut(request)}");
        }
    }

    private static async Task<int> Drain<T>(AsyncServerStreamingCall<T> call)
    {
        var count = 0;
        while (await call.ResponseStream.MoveNext(Cancel))
        {
            count++;
        }
        call.Dispose();
        return count;
    }

    private static SubmitJobRequest GenerationRequest(TaxonomySource source, ChatEndpoint endpoint) => new()
    {
        Name = "fuzzed", Taxonomy = source, Base = "empty", Pipelines = { "simple" }, Teacher = endpoint, Judge = endpoint,
        SamplesPerSeed = 1, MaxRowsPerLeaf = 1, Seed = 3,
    };

    private async Task<string> SkillsDataAsync()
    {
        var key = $"data/fuzz/{Guid.NewGuid():N}/skills_train_msgs.jsonl";
        var line = """{"messages":[{"role":"user","content":"Hi?"},{"role":"assistant","content":"Hello."}]}""";
        await suite.Stack.Artifacts.PutBytesAsync(key, Encoding.UTF8.GetBytes(line + "\n" + line + "\n"), cancellationToken: Cancel);
        return key;
    }

    private static string Cut(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
