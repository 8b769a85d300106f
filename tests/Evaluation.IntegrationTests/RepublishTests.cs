using System.Net.Http.Json;
using System.Text.Json.Nodes;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.ChatClients;
using InstructLab.Aspire.Contracts.Messages;
using MassTransit;
using StackExchange.Redis;
using static InstructLab.Aspire.Evaluations.IntegrationTests.Evaluations;

namespace InstructLab.Aspire.Evaluations.IntegrationTests;

/// <summary>
/// A model re-published under the same id and the same artifact key with other content: serving downloads the new
/// file (its ETag changed) instead of serving the cached one, and the chat response cache asks the new model instead
/// of answering from the old one's entries.
/// </summary>
public sealed class RepublishTests(EvaluationStack stack)
{
    [Fact]
    public async Task ARepublishedModelIsDownloadedAgainAndNotAnsweredFromTheOldOnesCache()
    {
        var (id, key) = ($"swap-{Guid.NewGuid():N}"[..13], $"models/swap/{Guid.NewGuid():N}/model.gguf");
        var chatml = SharedFiles("synthetic", "tiny-random-llama-gpt2bpe-chatml.gguf");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(stack.RedisConnection);
        using var registry = new ChatEndpointRegistry(redis.GetDatabase(), TimeSpan.FromMinutes(5));
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(new Uri(stack.RabbitMqConnection)));
        await bus.StartAsync(Cancel);
        try
        {
            using var http = new HttpClient { BaseAddress = stack.Serving };
            http.DefaultRequestHeaders.Authorization = new("Bearer", stack.ServingKey);
            var call = new ChatCall { Messages = [ChatTurn.User("Say something.")], Temperature = 0, MaxTokens = 8, Seed = 5 };

            await stack.Artifacts.PutFileAsync(key, chatml, cancellationToken: Cancel);
            var first = await PublishAsync(bus, http, id, key, previous: null);
            var endpoint = await registry.GetAsync(new ChatEndpointOptions { Url = stack.Serving, Model = id, ApiKey = stack.ServingKey }, Cancel);
            var asked = await endpoint.CompleteAsync(call, Cancel);
            var again = await endpoint.CompleteAsync(call, Cancel);
            Assert.Equal((false, true), (asked.FromCache, again.FromCache));
            var before = await TokenCountAsync(http, id);

            // The same key now holds another model (stories260K: another tokenizer), published again under the same id.
            await stack.Artifacts.PutFileAsync(key, stack.StoriesPath, cancellationToken: Cancel);
            await PublishAsync(bus, http, id, key, previous: first);
            Assert.NotEqual(before, await TokenCountAsync(http, id));

            await Task.Delay(ModelVersionRefresh, Cancel);
            var afterRepublish = await endpoint.CompleteAsync(call, Cancel);
            Assert.False(afterRepublish.FromCache);
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }

    private static readonly TimeSpan ModelVersionRefresh = TimeSpan.FromSeconds(16);

    private static string SharedFiles(params string[] parts) => TestSupport.SharedFiles.RequireModel(parts);

    /// <summary>Publishes and waits until serving lists the id with a registration newer than <paramref name="previous"/>.</summary>
    private static async Task<long> PublishAsync(IBus bus, HttpClient http, string id, string key, long? previous)
    {
        await Task.Delay(TimeSpan.FromSeconds(1.1), Cancel);
        // ChatML either way: stories260K has no template of its own.
        await bus.Publish(new ModelPublished { ModelId = id, ArtifactKey = key, ChatTemplate = "chatml", PublishedAt = DateTimeOffset.UtcNow }, Cancel);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var models = JsonNode.Parse(await http.GetStringAsync("/v1/models", Cancel))!["data"]!.AsArray();
            if (models.FirstOrDefault(m => (string)m!["id"]! == id) is { } model && (long)model["created"]! is var created && created != previous)
            {
                return created;
            }
            await Task.Delay(100, Cancel);
        }
        throw new TimeoutException($"serving did not register {id}");
    }

    private static async Task<int> TokenCountAsync(HttpClient http, string id)
    {
        using var response = await http.PostAsJsonAsync("/tokenize", new { model = id, content = "Once upon a time, there was a little girl named Lily." }, Cancel);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!["tokens"]!.AsArray().Count;
    }
}
