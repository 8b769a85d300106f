using System.Text;
using System.Text.Json.Nodes;
using InstructLab.Aspire.Serving.Catalog;
using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.Serving.IntegrationTests;

/// <summary>Per-sequence KV caches (UnifiedKvCache false): choices are prompted separately instead of forked.</summary>
public sealed class SplitKvCacheTests
{
    [Fact]
    public async Task ChoicesAndPromptsWorkWithPerSequenceCaches()
    {
        var stories = SharedFiles.RequireModel("stories260K.gguf");
        var options = ServingServer.Options(("stories", new ServedModelOptions { Path = stories }));
        options.UnifiedKvCache = false;
        options.MaxSequences = 8;
        await using var app = StandaloneServer.Build(options, port: 0);
        await app.StartAsync(TestContext.Current.CancellationToken);
        using var client = new HttpClient { BaseAddress = StandaloneServer.Address(app) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", ServingServer.ApiKey);

        var response = await client.PostAsync("/v1/completions", new StringContent(
            """{"prompt": ["Once upon a time", "Once upon a time"], "n": 3, "max_tokens": 16, "temperature": 0}""", Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;

        Assert.Equal(200, (int)response.StatusCode);
        var texts = body["choices"]!.AsArray().Select(c => (string)c!["text"]!).ToList();
        Assert.Equal(6, texts.Count);
        // Greedy: every choice is the in-process text, each decoded in its own cache.
        Assert.All(texts, text => Assert.Equal(CompletionTests.InProcessGreedy(stories, "Once upon a time", 16), text));
        Assert.Equal(0, (int)body["usage"]!["prompt_tokens_details"]!["cached_tokens"]!);
        await app.StopAsync(TestContext.Current.CancellationToken);
    }
}
