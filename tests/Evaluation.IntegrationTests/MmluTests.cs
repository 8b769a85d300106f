using InstructLab.Aspire.ChatClients;
using InstructLab.Aspire.Contracts.Judging.V1;
using InstructLab.Aspire.LlamaCpp;
using InstructLab.Aspire.Evaluations.Scoring;
using LLama;
using LLama.Common;
using LLama.Native;
using static InstructLab.Aspire.Evaluations.IntegrationTests.Evaluations;

namespace InstructLab.Aspire.Evaluations.IntegrationTests;

/// <summary>
/// MMLU through the evaluation service on stories260K: every choice's log-likelihood equals a sum of log-softmaxes
/// computed here from llama.cpp's logits (an independent path), the pick is their arg-max, and the report
/// recomputes from the stored results. Alone: llama.cpp's results move by ~1e-3 with how a decode is batched, and
/// serving batches concurrent requests together.
/// </summary>
[Collection(nameof(Sequential))]
public sealed class MmluTests(EvaluationStack stack, ITestOutputHelper output)
{
    [Fact]
    public async Task EachChoicesLogLikelihoodAndThePickedLetterMatchLlamaCppsLogits()
    {
        var request = Request("mmlu", EvaluationStack.Stories, Shared("mmlu", p => p.StartsWith("dev/anatomy", StringComparison.Ordinal) || p.Contains("astronomy", StringComparison.Ordinal) || p.StartsWith("test/anatomy", StringComparison.Ordinal)));
        request.Options.FewShots = 1;
        request.Options.Limit = 2;
        // One work item, one item in flight: each item's four prompts decode alone (prefix, then the four forks).
        // Decoded next to other requests, llama.cpp's numbers move by up to ~2e-3 (continuous batching).
        request.Options.BatchSize = 4;
        request.Model.MaxConcurrency = 1;

        var started = await stack.Client.RunAsync(request, cancellationToken: Cancel);
        var done = await WaitAsync(stack.Client, started.Id);

        Assert.Equal(EvaluationState.Completed, done.State);
        Assert.Equal((4, 4, 0), (done.ItemsDone, done.ItemsTotal, done.Errors));
        var items = await ItemsAsync(stack.Artifacts, done.Id);
        var results = await ResultsAsync(stack.Artifacts, done.Id);
        Assert.Equal(items.Select(i => i.Id), results.Select(r => r.Id));
        var worst = 0.0;
        using var model = Reference.Load(stack.StoriesPath);
        foreach (var (item, result) in items.Zip(results))
        {
            var expected = model.Logprobs([.. item.Continuations!.Select(c => item.Prompt + c)], result.Model.Tokens!);
            for (var choice = 0; choice < 4; choice++)
            {
                worst = Math.Max(worst, Math.Abs(expected[choice] - result.Model.Logprobs![choice]));
            }
            Assert.Equal(ChoiceScorer.ArgMax(result.Model.Logprobs!), result.Model.Predicted);
            // The fewest trailing tokens that spell the continuation: stories260K writes " A" as "▁" and "A".
            Assert.All(result.Model.Tokens!, count => Assert.InRange(count, 1, 2));
        }
        output.WriteLine($"max |Δ log-likelihood| over {items.Count * 4} choices: {worst:E2}");
        Assert.True(worst < 1e-4, $"max |Δ log-likelihood| = {worst}");

        var report = Report(await stack.Client.GetReportAsync(new GetEvaluationRequest { Id = done.Id }, cancellationToken: Cancel));
        var subjects = results.GroupBy(r => r.Group).Select(g => g.Average(r => r.Model.Correct ? 1.0 : 0.0)).ToList();
        Assert.Equal(subjects.Average(), report.Overall.Score, 12);
        Assert.Equal(["anatomy", "astronomy"], report.Groups.Select(g => g.Group));
        Assert.Equal(report.Overall.Score, done.Score, 12);
        Assert.Equal(4, report.Data.Count);
        Assert.All(report.Data, file => Assert.Equal(64, file.Sha256.Length));
    }

    [Fact]
    public async Task ChoicesScoredTogetherEqualChoicesScoredApart()
    {
        using var endpoint = new ScoringEndpoint(new ChatEndpointOptions { Url = stack.Serving, Model = EvaluationStack.Stories, ApiKey = stack.ServingKey });
        var prefix = "Once upon a time, there was a little girl. She liked to\nAnswer:";
        string[] prompts = [prefix + " A", prefix + " B", prefix + " C", prefix + " D"];

        var together = await endpoint.ScoreAsync(prompts, Cancel);
        var apart = new List<ChatClients.ScoredPrompt>();
        foreach (var prompt in prompts)
        {
            apart.Add((await endpoint.ScoreAsync([prompt], Cancel))[0]);
        }

        for (var i = 0; i < prompts.Length; i++)
        {
            Assert.Equal(apart[i].Tokens, together[i].Tokens);
            Assert.Equal(apart[i].Tail(2).Logprob, together[i].Tail(2).Logprob, 1e-4);
        }
    }

    [Fact]
    public async Task ChatModeScoresLettersAfterTheModelsOwnTemplate()
    {
        var request = Request("mmlu", EvaluationStack.Chat, Shared("mmlu", p => p.Contains("marketing", StringComparison.Ordinal)));
        request.Options.FewShots = 0;
        request.Options.Limit = 3;
        request.Options.Mode = "chat";

        var done = await WaitAsync(stack.Client, (await stack.Client.RunAsync(request, cancellationToken: Cancel)).Id);

        Assert.Equal(EvaluationState.Completed, done.State);
        Assert.Equal((3, 0), (done.ItemsDone, done.Errors));
        var item = (await ItemsAsync(stack.Artifacts, done.Id))[0];
        Assert.Equal(["A", "B", "C", "D"], item.Continuations);
        using var http = new HttpClient { BaseAddress = stack.Serving };
        http.DefaultRequestHeaders.Authorization = new("Bearer", stack.ServingKey);
        var response = await (await http.PostAsync("/apply-template", new StringContent(System.Text.Json.JsonSerializer.Serialize(new
        {
            model = EvaluationStack.Chat,
            messages = item.Chat!.Select(t => new { role = t.Role, content = t.Content }),
        }), System.Text.Encoding.UTF8, "application/json"), Cancel)).Content.ReadAsStringAsync(Cancel);
        var rendered = (string)System.Text.Json.Nodes.JsonNode.Parse(response)!["prompt"]!;
        Assert.StartsWith("<|im_start|>system\nThe following are multiple choice questions (with answers) about marketing.<|im_end|>\n<|im_start|>user\n", rendered);
        Assert.EndsWith("\nAnswer:<|im_end|>\n<|im_start|>assistant\n", rendered);
    }

    /// <summary>
    /// llama.cpp through LLamaSharp, decoding as a scorer of shared-prefix choices does (and llama.cpp's numbers depend
    /// on the decodes): the prompts' common token prefix in one decode, then each prompt's own tokens as a copy of that
    /// sequence, all in a second decode; log-softmax of every position's logits.
    /// </summary>
    private sealed class Reference : IDisposable
    {
        private readonly LLamaWeights weights;
        private readonly ModelParams parameters;

        private Reference(string path)
        {
            LlamaCppRuntime.EnsureConfigured();
            parameters = new ModelParams(path) { ContextSize = 4096, SeqMax = 8, KVUnified = true, BatchSize = 2048, UBatchSize = 2048, GpuLayerCount = 0 };
            weights = LLamaWeights.LoadFromFile(parameters);
        }

        public static Reference Load(string path) => new(path);

        /// <summary>Each prompt's summed log-probability of its last <paramref name="counts"/> tokens.</summary>
        public double[] Logprobs(IReadOnlyList<string> prompts, IReadOnlyList<int> counts)
        {
            var tokens = prompts.Select(p => weights.Tokenize(p, add_bos: true, special: true, System.Text.Encoding.UTF8)).ToList();
            var shared = Enumerable.Range(0, tokens.Min(t => t.Length) - 1).TakeWhile(i => tokens.All(t => t[i] == tokens[0][i])).Count();
            using var context = weights.CreateContext(parameters);
            var prefix = new LLamaBatch();
            for (var i = 0; i < shared; i++)
            {
                prefix.Add(tokens[0][i], i, LLamaSeqId.Zero, true);
            }
            Assert.Equal(DecodeResult.Ok, context.Decode(prefix));
            var last = Softmax(context.NativeHandle.GetLogitsIth(shared - 1).ToArray());
            var own = new LLamaBatch();
            var rows = new List<int>[tokens.Count];
            for (var p = 0; p < tokens.Count; p++)
            {
                var sequence = (LLamaSeqId)(p + 1);
                context.NativeHandle.MemorySequenceCopy(LLamaSeqId.Zero, sequence, 0, shared);
                rows[p] = [];
                for (var i = shared; i < tokens[p].Length; i++)
                {
                    rows[p].Add(own.Add(tokens[p][i], i, sequence, true));
                }
            }
            Assert.Equal(DecodeResult.Ok, context.Decode(own));
            return [.. Enumerable.Range(0, tokens.Count).Select(p =>
            {
                // log p(token i) comes from the logits at i - 1: the prefix's last, then the prompt's own rows.
                var logprobs = new List<double> { last[(int)tokens[p][shared]] };
                for (var i = shared + 1; i < tokens[p].Length; i++)
                {
                    logprobs.Add(Softmax(context.NativeHandle.GetLogitsIth(rows[p][i - shared - 1]).ToArray())[(int)tokens[p][i]]);
                }
                return logprobs.TakeLast(counts[p]).Sum();
            })];
        }

        public void Dispose() => weights.Dispose();

        private static double[] Softmax(float[] logits)
        {
            var max = logits.Max();
            var log = max + Math.Log(logits.Sum(l => Math.Exp(l - max)));
            return [.. logits.Select(l => l - log)];
        }
    }
}
