using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using InstructLab.Aspire.Serving;
using InstructLab.Aspire.Serving.Catalog;
using InstructLab.Aspire.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

[assembly: AssemblyFixture(typeof(InstructLab.Aspire.Serving.IntegrationTests.ServingServer))]

namespace InstructLab.Aspire.Serving.IntegrationTests;

/// <summary>
/// A real serving process part: Kestrel on a free port with the shared models (stories260K for text, the synthetic
/// ChatML model for chat, llama-2-tiny-random for embeddings), called over HTTP like any client would.
/// </summary>
public sealed class ServingServer : IAsyncLifetime
{
    public const string ApiKey = "test-key-5b1c0e";
    public const string Stories = "stories";
    public const string Chat = "chatml";
    public const string Embedding = "llama2-random";

    private WebApplication? app;
    private bool started;

    public Uri Address { get; private set; } = null!;

    public ModelCatalog Catalog => app!.Services.GetRequiredService<ModelCatalog>();

    public static ServingOptions Options(params (string Id, ServedModelOptions Model)[] models)
    {
        var options = new ServingOptions
        {
            ContextSize = 4096,
            MaxSequenceLength = 512,
            MaxSequences = 16,
            QueueLength = 64,
            ApiKeys = [ApiKey],
            ModelCacheDirectory = Path.Combine(Path.GetTempPath(), "instructlab-serving-tests-cache"),
        };
        foreach (var (id, model) in models)
        {
            options.Models[id] = model;
        }
        return options;
    }

    public async ValueTask InitializeAsync()
    {
        var models = SharedFiles.Models;
        app = StandaloneServer.Build(Options(
            (Stories, new ServedModelOptions { Path = Path.Combine(models, "stories260K.gguf") }),
            (Chat, new ServedModelOptions { Path = Path.Combine(models, "synthetic", "tiny-random-llama-gpt2bpe-chatml.gguf") }),
            (Embedding, new ServedModelOptions { Path = Path.Combine(models, "llama-2-tiny-random.gguf"), Embeddings = true })), port: 0);
        await app.StartAsync();
        started = true;
        Address = StandaloneServer.Address(app);
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            if (started)
            {
                await app.StopAsync();
            }
            await app.DisposeAsync();
        }
    }

    /// <summary>Skips (or fails under CI) when the shared models are absent.</summary>
    public static void RequireModels()
    {
        SharedFiles.RequireModel("stories260K.gguf");
        SharedFiles.RequireModel("synthetic", "tiny-random-llama-gpt2bpe-chatml.gguf");
        SharedFiles.RequireModel("llama-2-tiny-random.gguf");
    }

    public HttpClient Client(string? apiKey = ApiKey)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(2) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
        return client;
    }

    /// <summary>POSTs JSON; returns the status and the parsed body.</summary>
    public async Task<(int Status, JsonNode? Body)> PostAsync(string path, string json, string? apiKey = ApiKey)
    {
        using var client = Client(apiKey);
        using var response = await client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>POSTs a streaming request; returns its server-sent events' JSON payloads up to <c>[DONE]</c>.</summary>
    public async Task<List<JsonNode>> PostStreamAsync(string path, string json, string? apiKey = ApiKey)
    {
        using var client = Client(apiKey);
        using var response = await client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        var events = new List<JsonNode>();
        foreach (var line in (await response.Content.ReadAsStringAsync()).Split('\n'))
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal) && line != "data: [DONE]")
            {
                events.Add(JsonNode.Parse(line["data: ".Length..])!);
            }
        }
        return events;
    }
}
