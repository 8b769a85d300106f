using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Contracts.Messages;
using InstructLab.Aspire.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace InstructLab.Aspire.AppHost.IntegrationTests;

public sealed partial class SuiteTests
{
    [Fact]
    public async Task AModelPublishedOnTheBusIsServedBehindTheGeneratedKeyInOneTrace()
    {
        var modelId = $"published-{Guid.NewGuid():N}"[..20];
        using var http = new HttpClient { BaseAddress = suite.App.GetEndpoint(ResourceNames.Serving, "http") };
        Assert.Equal(401, (int)(await http.GetAsync("/v1/models", Cancel)).StatusCode);

        await PublishStoriesAsync(modelId);

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await ServingApiKeyAsync());
        var response = await http.PostAsync("/v1/completions", new StringContent(
            $$"""{"model": "{{modelId}}", "prompt": "Once upon a time", "max_tokens": 8, "temperature": 0}""", Encoding.UTF8, "application/json"), Cancel);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!;

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(", there was a little girl", (string)body["choices"]![0]!["text"]!);
        var span = await suite.Collector.WaitForAsync(spans => spans.FirstOrDefault(s => s.Name == $"text_completion {modelId}"), TimeSpan.FromSeconds(45));
        Assert.Equal(ResourceNames.Serving, span.Service);
        Assert.Equal("8", span.Attributes["gen_ai.usage.output_tokens"]);
        Assert.Equal("5", span.Attributes["gen_ai.usage.input_tokens"]);
        Assert.True(span.Attributes.ContainsKey("serving.time_to_first_token_ms"));
        // The request's span and the server span of the HTTP request are one trace; no prompt text in the attributes.
        Assert.Contains(suite.Collector.Spans, s => s.TraceId == span.TraceId && s.SpanId == span.ParentSpanId);
        Assert.DoesNotContain(span.Attributes.Values, v => v.Contains("Once upon", StringComparison.Ordinal));
    }

    /// <summary>stories260K stored and announced with <see cref="ModelPublished"/>; returns once serving lists it.</summary>
    private async Task PublishStoriesAsync(string modelId)
    {
        var key = $"models/{modelId}/stories260K.gguf";
        var storeOptions = new ArtifactStoreOptions();
        storeOptions.ApplyConnectionString((await suite.App.GetConnectionStringAsync(ResourceNames.Artifacts, Cancel))!, "test");
        using (var store = new MinioArtifactStore(storeOptions))
        {
            await store.PutFileAsync(key, SharedFiles.RequireModel("stories260K.gguf"), cancellationToken: Cancel);
        }
        var messaging = new Uri((await suite.App.GetConnectionStringAsync(ResourceNames.Messaging, Cancel))!);
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(messaging));
        await bus.StartAsync(Cancel);
        try
        {
            await bus.Publish(new ModelPublished { ModelId = modelId, ArtifactKey = key, PublishedAt = DateTimeOffset.UtcNow }, Cancel);
        }
        finally
        {
            await bus.StopAsync(Cancel);
        }
        using var http = new HttpClient { BaseAddress = suite.App.GetEndpoint(ResourceNames.Serving, "http") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await ServingApiKeyAsync());
        await WaitForAsync(async () => (await http.GetStringAsync("/v1/models", Cancel)).Contains(modelId, StringComparison.Ordinal) ? "listed" : null);
    }

    private async Task<string> ServingApiKeyAsync()
    {
        var model = suite.App.Services.GetRequiredService<DistributedApplicationModel>();
        var parameter = model.Resources.OfType<ParameterResource>().Single(p => p.Name == "serving-api-key");
        return (await parameter.GetValueAsync(Cancel))!;
    }
}
