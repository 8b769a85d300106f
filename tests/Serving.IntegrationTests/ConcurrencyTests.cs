using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using InstructLab.Aspire.Serving.Catalog;
using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.Serving.IntegrationTests;

/// <summary>Runs alone (no other test's requests in the batch), so "alone" means alone.</summary>
[CollectionDefinition(nameof(ConcurrencyTests), DisableParallelization = true)]
public sealed class ConcurrencyCollection;

[Collection(nameof(ConcurrencyTests))]
public sealed class ConcurrencyTests(ServingServer server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SixteenConcurrentStreamsEachGiveTheTextTheyGiveAlone()
    {
        ServingServer.RequireModels();
        string Request(int seed) => JsonSerializer.Serialize(new
        {
            model = ServingServer.Stories,
            prompt = seed % 2 == 0 ? "Once upon a time" : "The little girl",
            max_tokens = 48,
            temperature = 0.9,
            seed,
            stream = true,
        });
        var alone = new List<string>();
        for (var seed = 0; seed < 16; seed++)
        {
            alone.Add(await StreamAsync(Request(seed)));
        }
        var together = await Task.WhenAll(Enumerable.Range(0, 16).Select(seed => StreamAsync(Request(seed))));

        // llama.cpp's CPU kernels are not batch-invariant: the attention sums run over the shared KV cache and the
        // matrix products are tiled by batch size, so logits differ in the last bits between a sequence alone and in a
        // batch. A sampled token can flip where two tokens are nearly tied; measured here: 14–16 of 16 texts identical,
        // the others identical for their first ~45–75 characters. See docs/serving.md.
        var same = alone.Zip(together).Count(pair => pair.First == pair.Second);
        Assert.True(same >= 12, $"only {same} of 16 streams gave the same text as alone");
        for (var i = 0; i < 16; i++)
        {
            // No mixing between sequences: each starts as its own run alone did.
            Assert.True(alone[i].AsSpan().CommonPrefixLength(together[i]) >= 16, $"stream {i}: '{together[i]}' vs alone '{alone[i]}'");
        }
        Assert.True(together.Distinct().Count() >= 12, "different seeds give different texts");
    }

    [Fact]
    public async Task ClientDisconnectFreesTheSequenceAtOnce()
    {
        ServingServer.RequireModels();
        using var lease = await server.Catalog.AcquireAsync(ServingServer.Stories, Ct);
        var scheduler = lease.Model.Scheduler;
        using (var client = server.Client())
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/completions")
            {
                Content = new StringContent("""{"model": "stories", "prompt": "Once upon a time", "max_tokens": 400, "stream": true}""", Encoding.UTF8, "application/json"),
            };
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));
            Assert.StartsWith("data: ", await reader.ReadLineAsync(Ct));
            Assert.True(scheduler.Running >= 1);
        }
        await WaitUntil(() => scheduler.Running == 0);
        Assert.Equal(0, scheduler.Running);
    }

    [Fact]
    public async Task ClientsGoingAwayMidGenerationDoNotFailTheRequestsDecodedWithThem()
    {
        ServingServer.RequireModels();
        // Prompts sharing a long prefix (reused from the prefix cache), one to three choices (forks), streamed or not;
        // every fifth client gives up after 150 ms, while its sequences have tokens in the batch being built.
        // Before the fix a quarter of the others failed: "llama.cpp could not decode a batch: InvalidInputBatch".
        var shared = string.Concat(Enumerable.Repeat("You are a helpful assistant answering questions about foxes and rivers. ", 4));
        async Task<(int Request, int Status, string Body)> RunAsync(int i)
        {
            var body = JsonSerializer.Serialize(new
            {
                model = ServingServer.Chat,
                prompt = $"{shared}Question {i}: where does the fox sleep?",
                max_tokens = i % 40 + 1,
                n = i % 3 + 1,
                stream = i % 4 == 0,
                seed = i,
            });
            using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            if (i % 5 == 0)
            {
                giveUp.CancelAfter(TimeSpan.FromMilliseconds(150));
            }
            try
            {
                using var client = server.Client();
                using var response = await client.PostAsync("/v1/completions", new StringContent(body, Encoding.UTF8, "application/json"), giveUp.Token);
                return (i, (int)response.StatusCode, await response.Content.ReadAsStringAsync(giveUp.Token));
            }
            catch (OperationCanceledException) when (giveUp.IsCancellationRequested && !Ct.IsCancellationRequested)
            {
                return (i, 0, "");
            }
        }
        var results = new List<(int Request, int Status, string Body)>();
        foreach (var wave in Enumerable.Range(0, 160).Chunk(10))
        {
            results.AddRange(await Task.WhenAll(wave.Select(RunAsync)));
        }

        Assert.All(results.Where(r => r.Status != 0), r => Assert.True(r.Status == 200, $"request {r.Request}: {r.Status} {r.Body}"));
        Assert.True(results.Count(r => r.Status == 0) >= 8, "some clients went away mid-generation");
        Assert.True(results.Count(r => r.Status == 200) >= 120, $"{results.Count(r => r.Status == 200)} of 160 completed");
    }

    [Fact]
    public async Task APublishedModelBecomesServableWhileRunningRequestsFinish()
    {
        ServingServer.RequireModels();
        var id = "published-" + Guid.NewGuid().ToString("N")[..8];
        var first = SharedFiles.RequireModel("stories260K.gguf");
        server.Catalog.Register(id, new ServedModelOptions { Path = first });
        var running = Enumerable.Range(0, 4).Select(seed => server.PostAsync("/v1/completions",
            $$"""{"model": "{{id}}", "prompt": "Once upon a time", "max_tokens": 200, "seed": {{seed}}}""")).ToList();
        using (var lease = await server.Catalog.AcquireAsync(id, Ct))
        {
            await WaitUntil(() => lease.Model.Scheduler.Running > 0 || running.Any(r => r.IsCompleted));
        }

        // A new version under the same id (here: another file), as the ModelPublished consumer registers it.
        server.Catalog.Register(id, new ServedModelOptions { Path = SharedFiles.RequireModel("llama-2-tiny-random.gguf") });
        var (status, body) = await server.PostAsync("/tokenize", $$"""{"model": "{{id}}", "content": "hello"}""");

        Assert.Equal(200, status);
        using (var llama2 = InstructLab.Aspire.LlamaCpp.GgufTokenizer.Open(SharedFiles.RequireModel("llama-2-tiny-random.gguf")))
        {
            Assert.Equal(llama2.Tokenize("hello"), body!["tokens"]!.AsArray().Select(t => (int)t!).ToArray());
        }
        foreach (var result in await Task.WhenAll(running))
        {
            Assert.Equal(200, result.Status);
            Assert.NotNull(result.Body!["choices"]![0]!["finish_reason"]);
        }
    }

    private async Task<string> StreamAsync(string body)
    {
        using var client = server.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));
        var text = new StringBuilder();
        var done = false;
        while (await reader.ReadLineAsync(Ct) is { } line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal))
            {
                continue;
            }
            var data = line["data: ".Length..];
            if (data == "[DONE]")
            {
                done = true;
                break;
            }
            text.Append((string?)JsonNode.Parse(data)!["choices"]?[0]?["text"]);
        }
        Assert.True(done, "the stream ends with data: [DONE]");
        return text.ToString();
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50, Ct);
        }
    }
}
