#pragma warning disable OPENAI001 // Seed is marked experimental in the SDK.
using System.ClientModel;
using System.Text;
using System.Text.Json;
using Json.Schema;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Models;
using ChatFinishReason = OpenAI.Chat.ChatFinishReason;
using ChatMessage = OpenAI.Chat.ChatMessage;
using ChatResponseFormat = OpenAI.Chat.ChatResponseFormat;

namespace InstructLab.Aspire.Serving.IntegrationTests;

/// <summary>The official OpenAI .NET SDK and Microsoft.Extensions.AI's IChatClient against the server.</summary>
public sealed class OpenAiClientTests(ServingServer server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private OpenAIClientOptions Options => new() { Endpoint = new Uri(server.Address, "/v1") };

    private ChatClient Chat(string model = ServingServer.Chat) => new(model, new ApiKeyCredential(ServingServer.ApiKey), Options);

    [Fact]
    public async Task ChatAppliesTheModelsTemplateAndStreamingGivesTheSameText()
    {
        ServingServer.RequireModels();
        ChatMessage[] messages = [new SystemChatMessage("You are terse."), new UserChatMessage("Hello")];
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 12, Temperature = 0 };

        ChatCompletion completion = await Chat().CompleteChatAsync(messages, options, Ct);

        // The GGUF's ChatML template: the prompt is exactly these tokens (the vocabulary adds no BOS).
        var (_, tokenized) = await server.PostAsync("/tokenize", JsonSerializer.Serialize(new
        {
            model = ServingServer.Chat,
            content = "<|im_start|>system\nYou are terse.<|im_end|>\n<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n",
        }));
        Assert.Equal((int)tokenized!["count"]!, completion.Usage.InputTokenCount);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.InRange(completion.Usage.OutputTokenCount, 1, 12);

        var streamed = new StringBuilder();
        ChatFinishReason? reason = null;
        ChatTokenUsage? usage = null;
        await foreach (var update in Chat().CompleteChatStreamingAsync(messages, options, Ct))
        {
            foreach (var part in update.ContentUpdate)
            {
                streamed.Append(part.Text);
            }
            reason = update.FinishReason ?? reason;
            usage ??= update.Usage;
        }
        Assert.Equal(completion.Content[0].Text, streamed.ToString());
        Assert.Equal(completion.FinishReason, reason);
        Assert.NotNull(usage);
        Assert.Equal(completion.Usage.TotalTokenCount, usage.TotalTokenCount);
    }

    [Fact]
    public async Task JsonSchemaOutputAlwaysParsesAndValidates()
    {
        ServingServer.RequireModels();
        const string Schema = """
            {
              "type": "object",
              "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 12},
                "age": {"type": "integer", "minimum": 0, "maximum": 120},
                "tags": {"type": "array", "items": {"enum": ["red", "green", "blue"]}, "maxItems": 3},
                "active": {"type": "boolean"},
                "address": {"$ref": "#/$defs/address"}
              },
              "required": ["name", "age", "address"],
              "additionalProperties": false,
              "$defs": {"address": {"type": "object", "properties": {"city": {"type": "string", "maxLength": 10}}, "required": ["city"], "additionalProperties": false}}
            }
            """;
        var validator = JsonSchema.FromText(Schema);
        // A model with random weights would never write JSON by itself: every valid answer here is the grammar's doing.
        for (var seed = 1; seed <= 4; seed++)
        {
            var options = new ChatCompletionOptions
            {
                MaxOutputTokenCount = 300,
                Temperature = 1,
                Seed = seed,
                ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("person", BinaryData.FromString(Schema), jsonSchemaIsStrict: true),
            };
            ChatCompletion completion = await Chat().CompleteChatAsync([new UserChatMessage("Describe a person.")], options, Ct);
            var text = completion.Content[0].Text;
            Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
            using var document = JsonDocument.Parse(text);
            var result = validator.Evaluate(document.RootElement);
            Assert.True(result.IsValid, $"seed {seed}: {text}");
        }
    }

    [Fact]
    public async Task ModelsAreListedAndMicrosoftExtensionsAiChatsThroughTheServer()
    {
        ServingServer.RequireModels();
        var models = await new OpenAIModelClient(new ApiKeyCredential(ServingServer.ApiKey), Options).GetModelsAsync(Ct);
        Assert.Subset(models.Value.Select(m => m.Id).ToHashSet(), new HashSet<string> { ServingServer.Chat, ServingServer.Embedding, ServingServer.Stories });

        IChatClient client = Chat().AsIChatClient();
        var response = await client.GetResponseAsync("Hi", new ChatOptions { MaxOutputTokens = 6, Temperature = 0 }, Ct);
        Assert.Equal(Microsoft.Extensions.AI.ChatRole.Assistant, response.Messages[0].Role);
        Assert.Equal(Microsoft.Extensions.AI.ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(6, response.Usage?.OutputTokenCount);

        var streamed = new StringBuilder();
        await foreach (var update in client.GetStreamingResponseAsync("Hi", new ChatOptions { MaxOutputTokens = 6, Temperature = 0 }, Ct))
        {
            streamed.Append(update.Text);
        }
        Assert.Equal(response.Text, streamed.ToString());
    }

    [Fact]
    public async Task EmbeddingsAreNormalisedVectorsAndGenerativeOnlyModelsSayNo()
    {
        ServingServer.RequireModels();
        var (status, body) = await server.PostAsync("/v1/embeddings", """{"model": "llama2-random", "input": ["a cat", "a dog"]}""");
        Assert.Equal(200, status);
        var data = body!["data"]!.AsArray();
        Assert.Equal(2, data.Count);
        foreach (var item in data)
        {
            var vector = item!["embedding"]!.AsArray().Select(v => (double)v!).ToArray();
            Assert.True(vector.Length > 0);
            Assert.Equal(1.0, Math.Sqrt(vector.Sum(v => v * v)), 3);
        }
        Assert.True((int)body["usage"]!["prompt_tokens"]! > 0);

        var (refused, error) = await server.PostAsync("/v1/embeddings", """{"model": "stories", "input": "a cat"}""");
        Assert.Equal(400, refused);
        Assert.Equal("embeddings_not_supported", (string)error!["error"]!["code"]!);
    }
}
