using System.Text.Json;
using System.Text.Json.Nodes;
using InstructLab.Aspire.LlamaCpp;
using InstructLab.Aspire.TestSupport;
using LLama;
using LLama.Common;
using LLama.Native;

namespace InstructLab.Aspire.Serving.IntegrationTests;

/// <summary>
/// <c>/v1/completions</c> with <c>echo</c> and <c>logprobs</c> returns each prompt token's log-probability given the
/// tokens before it (what evaluation by log-likelihood needs), equal to a log-softmax computed here from llama.cpp's
/// logits on a separate path; <c>max_tokens: 0</c> only scores.
/// </summary>
public sealed class EchoLogprobsTests(ServingServer server, ITestOutputHelper output)
{
    private const string Prompt = "Once upon a time, there was a little girl named Lily. She loved to play";

    [Fact]
    public async Task EchoedPromptLogprobsAreTheLogSoftmaxOfLlamaCppsLogits()
    {
        ServingServer.RequireModels();
        var (status, body) = await server.PostAsync("/v1/completions", Json(new { model = ServingServer.Stories, prompt = Prompt, echo = true, logprobs = 2, max_tokens = 0 }));

        Assert.Equal(200, status);
        var choice = body!["choices"]![0]!;
        Assert.Equal(Prompt, (string)choice["text"]!);
        Assert.Equal("length", (string)choice["finish_reason"]!);
        Assert.Equal(0, (int)body["usage"]!["completion_tokens"]!);
        var tokens = Tokens();
        var logprobs = choice["logprobs"]!;
        Assert.Equal(tokens.Length, logprobs["tokens"]!.AsArray().Count);
        Assert.Null(logprobs["token_logprobs"]![0]);
        Assert.Null(logprobs["top_logprobs"]![0]);
        var expected = Reference(tokens);
        var difference = Enumerable.Range(1, tokens.Length - 1).Max(i => Math.Abs((double)logprobs["token_logprobs"]![i]! - expected[i]));
        output.WriteLine($"{tokens.Length} prompt tokens: max |Δlogprob| = {difference:E2}");
        Assert.True(difference < 1e-4, $"max |Δlogprob| = {difference}");
        Assert.All(Enumerable.Range(1, tokens.Length - 1), i => Assert.Equal(2, logprobs["top_logprobs"]![i]!.AsObject().Count));
    }

    [Fact]
    public async Task EchoWithACompletionPutsThePromptFirstAndScoresEveryToken()
    {
        ServingServer.RequireModels();
        var (_, plain) = await server.PostAsync("/v1/completions", Json(new { model = ServingServer.Stories, prompt = Prompt, max_tokens = 4, temperature = 0, logprobs = 1 }));
        var (_, echoed) = await server.PostAsync("/v1/completions", Json(new { model = ServingServer.Stories, prompt = Prompt, max_tokens = 4, temperature = 0, logprobs = 1, echo = true }));

        var completion = (string)plain!["choices"]![0]!["text"]!;
        Assert.Equal(Prompt + completion, (string)echoed!["choices"]![0]!["text"]!);
        var tokens = echoed["choices"]![0]!["logprobs"]!["tokens"]!.AsArray();
        Assert.Equal(Tokens().Length + plain["choices"]![0]!["logprobs"]!["tokens"]!.AsArray().Count, tokens.Count);
        Assert.Equal(plain["choices"]![0]!["logprobs"]!["token_logprobs"]!.ToJsonString(),
            new JsonArray([.. echoed["choices"]![0]!["logprobs"]!["token_logprobs"]!.AsArray().TakeLast(4).Select(n => n?.DeepClone())]).ToJsonString());
    }

    [Fact]
    public async Task PromptsSharingAPrefixAreScoredAsTheyAreApartWithThePrefixDecodedOnce()
    {
        ServingServer.RequireModels();
        const string Question = "Lily went to the park. She saw a big dog. The dog was";
        string[] prompts = [.. new[] { " happy", " red", " sleeping under a tree", " very big and brown" }.Select(c => Question + c)];

        var (status, together) = await server.PostAsync("/v1/completions", Json(new { model = ServingServer.Stories, prompt = prompts, echo = true, logprobs = 1, max_tokens = 0 }));

        Assert.True(status == 200, together?.ToJsonString());
        var choices = together!["choices"]!.AsArray();
        Assert.Equal(prompts.Length, choices.Count);
        using var tokenizer = GgufTokenizer.Open(SharedFiles.RequireModel("stories260K.gguf"));
        var tokenized = prompts.Select(p => tokenizer.Tokenize(p, addSpecial: true, parseSpecial: true)).ToList();
        var prefix = Enumerable.Range(0, tokenized.Min(t => t.Length)).TakeWhile(i => tokenized.All(t => t[i] == tokenized[0][i])).Count();
        Assert.Equal(tokenized.Sum(t => t.Length), (int)together["usage"]!["prompt_tokens"]!);
        Assert.Equal(prefix * (prompts.Length - 1), (int)together["usage"]!["prompt_tokens_details"]!["cached_tokens"]!);
        for (var i = 0; i < prompts.Length; i++)
        {
            var (_, alone) = await server.PostAsync("/v1/completions", Json(new { model = ServingServer.Stories, prompt = prompts[i], echo = true, logprobs = 1, max_tokens = 0 }));
            var apart = alone!["choices"]![0]!["logprobs"]!;
            var scored = choices[i]!["logprobs"]!;
            Assert.Equal(prompts[i], (string)choices[i]!["text"]!);
            Assert.Equal(apart["tokens"]!.ToJsonString(), scored["tokens"]!.ToJsonString());
            var expected = Reference(tokenized[i]);
            var difference = Enumerable.Range(1, tokenized[i].Length - 1).Max(t => Math.Max(
                Math.Abs((double)scored["token_logprobs"]![t]! - (double)apart["token_logprobs"]![t]!),
                Math.Abs((double)scored["token_logprobs"]![t]! - expected[t])));
            output.WriteLine($"prompt {i}: max |Δlogprob| shared vs apart vs llama.cpp = {difference:E2}");
            Assert.True(difference < 1e-4, $"prompt {i}: max |Δlogprob| = {difference}");
        }
    }

    [Fact]
    public async Task SharedPrefixPromptsGoOnGeneratingAndStreamTheirEchoFirst()
    {
        ServingServer.RequireModels();
        string[] prompts = ["Lily saw a cat. The cat was", "Lily saw a cat. The cat ran"];

        var (_, body) = await server.PostAsync("/v1/completions", Json(new { model = ServingServer.Stories, prompt = prompts, echo = true, logprobs = 1, max_tokens = 3, temperature = 0 }));
        var streamed = await server.PostStreamAsync("/v1/completions", Json(new { model = ServingServer.Stories, prompt = prompts, echo = true, logprobs = 1, max_tokens = 3, temperature = 0, stream = true }));

        for (var i = 0; i < prompts.Length; i++)
        {
            var (_, alone) = await server.PostAsync("/v1/completions", Json(new { model = ServingServer.Stories, prompt = prompts[i], max_tokens = 3, temperature = 0 }));
            Assert.True(body?["choices"] is not null, body?.ToJsonString());
            var text = (string)body!["choices"]![i]!["text"]!;
            Assert.Equal(prompts[i] + (string)alone!["choices"]![0]!["text"]!, text);
            var chunks = streamed.Select(c => c["choices"]![0]!).Where(c => (int)c["index"]! == i).ToList();
            Assert.Equal(prompts[i], (string)chunks[0]["text"]!);
            Assert.Equal(text, string.Concat(chunks.Select(c => (string)c["text"]!)));
        }
    }

    [Fact]
    public async Task APromptLongerThanABatchIsScoredChunkByChunkAloneAndShared()
    {
        ServingServer.RequireModels();
        var options = ServingServer.Options((ServingServer.Stories, new ServedModelOptions { Path = SharedFiles.RequireModel("stories260K.gguf") }));
        options.BatchSize = 32;
        await using var own = await OwnServer.StartAsync(options);
        var story = string.Concat(Enumerable.Repeat(Prompt + ". ", 8));
        string[] prompts = [story + "with her dog.", story + "in the park."];
        using var tokenizer = GgufTokenizer.Open(SharedFiles.RequireModel("stories260K.gguf"));
        var tokens = prompts.Select(p => tokenizer.Tokenize(p, addSpecial: true, parseSpecial: true)).ToList();
        Assert.True(tokens[0].Length > 3 * options.BatchSize, $"{tokens[0].Length} tokens: more than three batches of {options.BatchSize}");

        var alone = await PostAsync(own.Client, new { model = ServingServer.Stories, prompt = prompts[0], echo = true, logprobs = 1, max_tokens = 0 });
        var together = await PostAsync(own.Client, new { model = ServingServer.Stories, prompt = prompts, echo = true, logprobs = 1, max_tokens = 0 });

        Assert.True((int)together["usage"]!["prompt_tokens_details"]!["cached_tokens"]! > 3 * options.BatchSize, "the two prompts shared their long prefix");
        for (var i = 0; i < prompts.Length; i++)
        {
            var expected = Reference(tokens[i], options.BatchSize);
            var scored = (i == 0 ? alone["choices"]![0]! : together["choices"]![1]!)["logprobs"]!["token_logprobs"]!.AsArray();
            var shared = together["choices"]![i]!["logprobs"]!["token_logprobs"]!.AsArray();
            Assert.Equal(tokens[i].Length, scored.Count);
            var difference = Enumerable.Range(1, tokens[i].Length - 1).Max(t => Math.Max(Math.Abs((double)scored[t]! - expected[t]), Math.Abs((double)shared[t]! - expected[t])));
            output.WriteLine($"prompt {i}, {tokens[i].Length} tokens in batches of {options.BatchSize}: max |Δlogprob| = {difference:E2}");
            Assert.True(difference < 1e-4, $"prompt {i}: max |Δlogprob| = {difference}");
        }
    }

    [Fact]
    public async Task ZeroMaxTokensWithoutEchoIsRefusedByName()
    {
        ServingServer.RequireModels();
        var (status, body) = await server.PostAsync("/v1/completions", Json(new { model = ServingServer.Stories, prompt = Prompt, max_tokens = 0 }));

        Assert.Equal(400, status);
        Assert.Equal("max_tokens", (string)body!["error"]!["param"]!);
    }

    private static string Json(object value) => JsonSerializer.Serialize(value);

    private static async Task<JsonNode> PostAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsync("/v1/completions", new StringContent(Json(body), System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!;
    }

    private static int[] Tokens()
    {
        using var tokenizer = GgufTokenizer.Open(SharedFiles.RequireModel("stories260K.gguf"));
        return tokenizer.Tokenize(Prompt, addSpecial: true, parseSpecial: true);
    }

    /// <summary>
    /// log p(token i | tokens before it) from llama.cpp decoding the prompt with every position's logits, in one batch
    /// or in batches of <paramref name="batch"/> tokens as serving then does (llama.cpp's results depend on the batching).
    /// </summary>
    private static double[] Reference(int[] tokens, int? batch = null)
    {
        LlamaCppRuntime.EnsureConfigured();
        var size = (uint)Math.Max(512, tokens.Length);
        var chunk = batch ?? tokens.Length;
        var parameters = new ModelParams(SharedFiles.RequireModel("stories260K.gguf")) { ContextSize = size, BatchSize = (uint)chunk, UBatchSize = (uint)chunk, GpuLayerCount = 0 };
        using var weights = LLamaWeights.LoadFromFile(parameters);
        using var context = weights.CreateContext(parameters);
        var result = new double[tokens.Length];
        for (var start = 0; start < tokens.Length; start += chunk)
        {
            var end = Math.Min(start + chunk, tokens.Length);
            var decoded = new LLamaBatch();
            for (var i = start; i < end; i++)
            {
                decoded.Add(tokens[i], i, LLamaSeqId.Zero, true);
            }
            Assert.Equal(DecodeResult.Ok, context.Decode(decoded));
            for (var i = start; i < end && i + 1 < tokens.Length; i++)
            {
                var logits = context.NativeHandle.GetLogitsIth(i - start).ToArray();
                var max = logits.Max();
                result[i + 1] = logits[tokens[i + 1]] - (max + Math.Log(logits.Sum(l => Math.Exp(l - max))));
            }
        }
        return result;
    }
}
