using System.Text;
using System.Text.Json.Nodes;
using InstructLab.Aspire.LlamaCpp;
using InstructLab.Aspire.TestSupport;
using LLama;
using LLama.Common;
using LLama.Native;
using LLama.Sampling;

namespace InstructLab.Aspire.Serving.IntegrationTests;

public sealed class CompletionTests(ServingServer server)
{
    [Fact]
    public async Task GreedyStoriesCompletionIsTheSameTextAsLlamaSharpInProcess()
    {
        ServingServer.RequireModels();
        var (status, body) = await server.PostAsync("/v1/completions",
            """{"model": "stories", "prompt": "Once upon a time", "max_tokens": 64, "temperature": 0}""");

        Assert.Equal(200, status);
        var served = (string)body!["choices"]![0]!["text"]!;
        Assert.Equal(InProcessGreedy(SharedFiles.RequireModel("stories260K.gguf"), "Once upon a time", 64), served);
        Assert.Equal(64, (int)body["usage"]!["completion_tokens"]!);
        Assert.Equal("length", (string)body["choices"]![0]!["finish_reason"]!);
    }

    [Fact]
    public async Task ListPromptsTimesNGiveEveryChoiceInOrder()
    {
        ServingServer.RequireModels();
        var (status, body) = await server.PostAsync("/v1/completions",
            """{"model": "stories", "prompt": ["Once upon a time", "The little dog"], "n": 3, "max_tokens": 12, "temperature": 0.9, "seed": 7}""");

        Assert.Equal(200, status);
        var choices = body!["choices"]!.AsArray();
        Assert.Equal(6, choices.Count);
        Assert.Equal([0, 1, 2, 3, 4, 5], choices.Select(c => (int)c!["index"]!));
        Assert.All(choices, c => Assert.False(string.IsNullOrEmpty((string?)c!["text"])));
        // Seeded choices of one prompt differ from each other (seed + i each).
        Assert.True(choices.Take(3).Select(c => (string)c!["text"]!).Distinct().Count() > 1);
        var promptTokens = (int)body["usage"]!["prompt_tokens"]!;
        Assert.Equal(Tokens("Once upon a time") + Tokens("The little dog"), promptTokens);
        Assert.Equal(6 * 12, (int)body["usage"]!["completion_tokens"]!);
    }

    [Fact]
    public async Task SameSeedSameTextAndStopStringsEndTheChoice()
    {
        ServingServer.RequireModels();
        const string Request = """{"model": "stories", "prompt": "Once upon a time", "max_tokens": 40, "temperature": 1.0, "seed": 1234}""";
        var first = (string)(await server.PostAsync("/v1/completions", Request)).Body!["choices"]![0]!["text"]!;
        var second = (string)(await server.PostAsync("/v1/completions", Request)).Body!["choices"]![0]!["text"]!;
        Assert.Equal(first, second);

        var greedy = InProcessGreedy(SharedFiles.RequireModel("stories260K.gguf"), "Once upon a time", 30);
        var stop = greedy.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3];
        var (_, body) = await server.PostAsync("/v1/completions",
            $$"""{"model": "stories", "prompt": "Once upon a time", "max_tokens": 30, "temperature": 0, "stop": ["{{stop}}"]}""");
        var choice = body!["choices"]![0]!;
        Assert.Equal("stop", (string)choice["finish_reason"]!);
        Assert.Equal(greedy[..greedy.IndexOf(stop, StringComparison.Ordinal)], (string)choice["text"]!);
    }

    [Fact]
    public async Task LogprobsAreTheModelsDistributionAndLogitBiasSteersSampling()
    {
        ServingServer.RequireModels();
        var (_, body) = await server.PostAsync("/v1/completions",
            """{"model": "stories", "prompt": "Once upon a time", "max_tokens": 5, "temperature": 0, "logprobs": 3}""");
        var logprobs = body!["choices"]![0]!["logprobs"]!;
        Assert.Equal(5, logprobs["tokens"]!.AsArray().Count);
        foreach (var (token, index) in logprobs["tokens"]!.AsArray().Select((t, i) => ((string)t!, i)))
        {
            var top = logprobs["top_logprobs"]![index]!.AsObject();
            Assert.Equal(3, top.Count);
            // Greedy: the chosen token is the most likely one, and log-probabilities are ≤ 0.
            Assert.Equal(top.Max(p => (double)p.Value!), (double)logprobs["token_logprobs"]![index]!, 4);
            Assert.True((double)logprobs["token_logprobs"]![index]! <= 0);
            Assert.Contains(token, top.Select(p => p.Key));
        }

        var forced = await TokenIdAsync(" dragon");
        var (_, biased) = await server.PostAsync("/v1/completions",
            $$$"""{"model": "stories", "prompt": "Once upon a time", "max_tokens": 3, "temperature": 0, "logit_bias": {"{{{forced}}}": 100}}""");
        var (_, piece) = await server.PostAsync("/detokenize", $$"""{"model": "stories", "tokens": [{{forced}}]}""");
        Assert.Equal(string.Concat(Enumerable.Repeat((string)piece!["content"]!, 3)), (string)biased!["choices"]![0]!["text"]!);
    }

    [Fact]
    public async Task TokenizeAndDetokenizeRoundTrip()
    {
        ServingServer.RequireModels();
        var (status, body) = await server.PostAsync("/tokenize", """{"model": "stories", "content": "Once upon a time"}""");
        Assert.Equal(200, status);
        var tokens = body!["tokens"]!.AsArray().Select(t => (int)t!).ToArray();
        Assert.Equal(tokens.Length, (int)body["count"]!);
        using var tokenizer = GgufTokenizer.Open(SharedFiles.RequireModel("stories260K.gguf"));
        Assert.Equal(tokenizer.Tokenize("Once upon a time"), tokens);

        var (_, text) = await server.PostAsync("/detokenize", $$"""{"model": "stories", "tokens": [{{string.Join(",", tokens)}}]}""");
        Assert.Equal("Once upon a time", ((string)text!["content"]!).TrimStart());
    }

    private async Task<int> TokenIdAsync(string text)
    {
        var (_, body) = await server.PostAsync("/tokenize", $$"""{"model": "stories", "content": "{{text}}"}""");
        var tokens = body!["tokens"]!.AsArray();
        return (int)tokens[tokens.Count - 1]!;
    }

    private static int Tokens(string text)
    {
        using var tokenizer = GgufTokenizer.Open(SharedFiles.RequireModel("stories260K.gguf"));
        return tokenizer.Tokenize(text, addSpecial: true).Length;
    }

    /// <summary>The reference: LLamaSharp alone, one context, greedy sampling, no server.</summary>
    public static string InProcessGreedy(string path, string prompt, int tokens)
    {
        LlamaCppRuntime.EnsureConfigured();
        var parameters = new ModelParams(path) { ContextSize = 512, GpuLayerCount = 0 };
        using var weights = LLamaWeights.LoadFromFile(parameters);
        using var context = weights.CreateContext(parameters);
        var executor = new StatelessExecutor(weights, parameters);
        var text = new StringBuilder();
        var inference = new InferenceParams { MaxTokens = tokens, SamplingPipeline = new DefaultSamplingPipeline { Temperature = 0 } };
        foreach (var piece in executor.InferAsync(prompt, inference).ToBlockingEnumerable())
        {
            text.Append(piece);
        }
        return text.ToString();
    }
}

public sealed class PrefixReuseTests(ServingServer server)
{
    [Fact]
    public async Task APromptStartingLikeAnEarlierOneReusesItsKvCacheAndGivesTheSameText()
    {
        ServingServer.RequireModels();
        const string Story = "Once upon a time, there was a little girl named Lily. She loved to play outside in the sunshine. One day, she saw a big dog in the park.";
        var longer = Story + " The dog was";
        string Request(string prompt) => System.Text.Json.JsonSerializer.Serialize(new { model = ServingServer.Stories, prompt, max_tokens = 24, temperature = 0 });

        var (_, first) = await server.PostAsync("/v1/completions", Request(Story));
        var (_, again) = await server.PostAsync("/v1/completions", Request(Story));
        var (_, extended) = await server.PostAsync("/v1/completions", Request(longer));

        var promptTokens = (int)first!["usage"]!["prompt_tokens"]!;
        Assert.True(promptTokens >= 32, "the prompt is long enough to be kept for reuse");
        // The second request forks the first's sequence: all but the last prompt token come from the cache.
        Assert.Equal(promptTokens - 1, (int)again!["usage"]!["prompt_tokens_details"]!["cached_tokens"]!);
        Assert.Equal((string)first["choices"]![0]!["text"]!, (string)again["choices"]![0]!["text"]!);
        Assert.True((int)extended!["usage"]!["prompt_tokens_details"]!["cached_tokens"]! >= promptTokens - 1);
        Assert.Equal(CompletionTests.InProcessGreedy(SharedFiles.RequireModel("stories260K.gguf"), longer, 24), (string)extended["choices"]![0]!["text"]!);
    }
}
