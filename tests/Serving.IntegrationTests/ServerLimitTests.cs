using System.Text;
using System.Text.Json.Nodes;
using InstructLab.Aspire.Serving.Catalog;
using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.Serving.IntegrationTests;

/// <summary>Servers with other limits than the shared one: per-sequence KV caches, a tiny queue.</summary>
public sealed class ServerLimitTests
{
    [Fact]
    public async Task AFullQueueAnswers429WithRetryAfterAndTheAdmittedRequestsFinish()
    {
        var stories = SharedFiles.RequireModel("stories260K.gguf");
        var options = ServingServer.Options(("stories", new ServedModelOptions { Path = stories }));
        options.MaxSequences = 1;
        options.QueueLength = 1;
        await using var server = await OwnServer.StartAsync(options);
        var client = server.Client;

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.PostAsync("/v1/completions", new StringContent(
            """{"prompt": "Once upon a time", "max_tokens": 450}""", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken)));

        var refused = responses.Where(r => (int)r.StatusCode == 429).ToList();
        Assert.NotEmpty(refused);
        Assert.All(responses, r => Assert.Contains((int)r.StatusCode, new[] { 200, 429 }));
        Assert.All(refused, r => Assert.Equal("1", r.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var error = JsonNode.Parse(await refused[0].Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["error"]!;
        Assert.Equal("server_overloaded", (string)error["code"]!);
        // Whatever was admitted runs to its end (how many got in depends on timing: one running, at most one waiting).
        var served = responses.Where(r => (int)r.StatusCode == 200).ToList();
        Assert.NotEmpty(served);
        foreach (var response in served)
        {
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
            Assert.Equal("length", (string)body["choices"]![0]!["finish_reason"]!);
        }
    }

    /// <summary>Per-sequence KV caches (UnifiedKvCache false): choices are prompted separately instead of forked.</summary>
    [Fact]
    public async Task ChoicesAndPromptsWorkWithPerSequenceCaches()
    {
        var stories = SharedFiles.RequireModel("stories260K.gguf");
        var options = ServingServer.Options(("stories", new ServedModelOptions { Path = stories }));
        options.UnifiedKvCache = false;
        options.MaxSequences = 8;
        await using var server = await OwnServer.StartAsync(options);
        var client = server.Client;

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
    }
}
