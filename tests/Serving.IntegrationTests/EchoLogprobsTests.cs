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
    public async Task ZeroMaxTokensWithoutEchoIsRefusedByName()
    {
        ServingServer.RequireModels();
        var (status, body) = await server.PostAsync("/v1/completions", Json(new { model = ServingServer.Stories, prompt = Prompt, max_tokens = 0 }));

        Assert.Equal(400, status);
        Assert.Equal("max_tokens", (string)body!["error"]!["param"]!);
    }

    private static string Json(object value) => JsonSerializer.Serialize(value);

    private static int[] Tokens()
    {
        using var tokenizer = GgufTokenizer.Open(SharedFiles.RequireModel("stories260K.gguf"));
        return tokenizer.Tokenize(Prompt, addSpecial: true, parseSpecial: true);
    }

    /// <summary>log p(token i | tokens before it) from one llama.cpp decode of the whole prompt with every position's logits.</summary>
    private static double[] Reference(int[] tokens)
    {
        LlamaCppRuntime.EnsureConfigured();
        var parameters = new ModelParams(SharedFiles.RequireModel("stories260K.gguf")) { ContextSize = 512, GpuLayerCount = 0 };
        using var weights = LLamaWeights.LoadFromFile(parameters);
        using var context = weights.CreateContext(parameters);
        var batch = new LLamaBatch();
        for (var i = 0; i < tokens.Length; i++)
        {
            batch.Add(tokens[i], i, LLamaSeqId.Zero, true);
        }
        Assert.Equal(DecodeResult.Ok, context.Decode(batch));
        var result = new double[tokens.Length];
        for (var i = 1; i < tokens.Length; i++)
        {
            var logits = context.NativeHandle.GetLogitsIth(i - 1).ToArray();
            var max = logits.Max();
            var logSum = max + Math.Log(logits.Sum(l => Math.Exp(l - max)));
            result[i] = logits[tokens[i]] - logSum;
        }
        return result;
    }
}
