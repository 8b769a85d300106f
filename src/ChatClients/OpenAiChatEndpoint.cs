#pragma warning disable OPENAI001 // Seed is marked experimental in the SDK.
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenAI;
using OpenAI.Chat;
using Polly.Timeout;

namespace InstructLab.Aspire.ChatClients;

/// <summary>
/// An OpenAI-compatible endpoint through the OpenAI SDK: at most <see cref="ChatEndpointOptions.MaxConcurrency"/>
/// requests in flight, retries under the SDK (see <see cref="ResilientHttp"/>), structured output probed when first
/// needed (see <see cref="StructuredOutputProbe"/>).
/// </summary>
public sealed class OpenAiChatEndpoint : IChatEndpoint, IDisposable
{
    private static readonly JsonObject ProbeSchema = new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject { ["ok"] = new JsonObject { ["type"] = "boolean" } },
        ["required"] = new JsonArray("ok"),
        ["additionalProperties"] = false,
    };

    private readonly ChatEndpointOptions options;
    private readonly HttpClient http;
    private readonly ChatClient client;
    private readonly SemaphoreSlim slots;
    private readonly StructuredOutputProbe structured;

    public OpenAiChatEndpoint(ChatEndpointOptions options)
    {
        this.options = options;
        http = ResilientHttp.Create(options);
        slots = new SemaphoreSlim(Math.Max(1, options.MaxConcurrency));
        client = new ChatClient(options.Model, new ApiKeyCredential(options.ApiKey is "" ? "none" : options.ApiKey), new OpenAIClientOptions
        {
            Endpoint = options.ApiUrl,
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = ResilientHttp.WorstCase(options),
        });
        structured = new StructuredOutputProbe(() => options.StructuredOutput switch
        {
            StructuredOutputMode.Always => Task.FromResult(true),
            StructuredOutputMode.Never => Task.FromResult(false),
            _ => ProbeAsync(),
        }, options.StructuredOutputProbeRetry, TimeProvider.System);
    }

    public string Model => options.Model;

    public Task<bool> UsesStructuredOutputAsync(CancellationToken cancellationToken) => structured.GetAsync().WaitAsync(cancellationToken);

    public async Task<ChatAnswer> CompleteAsync(ChatCall call, CancellationToken cancellationToken)
    {
        var useSchema = call.Schema is not null && await UsesStructuredOutputAsync(cancellationToken);
        return await SendAsync(call, useSchema, cancellationToken);
    }

    public void Dispose()
    {
        http.Dispose();
        slots.Dispose();
    }

    private async Task<ChatAnswer> SendAsync(ChatCall call, bool useSchema, CancellationToken cancellationToken)
    {
        var completionOptions = new ChatCompletionOptions
        {
            Temperature = call.Temperature,
            TopP = call.TopP,
            MaxOutputTokenCount = call.MaxTokens,
            Seed = call.Seed,
        };
        if (useSchema)
        {
            completionOptions.ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat(
                call.SchemaName, BinaryData.FromString(call.Schema!.ToJsonString()), jsonSchemaIsStrict: true);
        }
        var messages = call.Messages.Select(ToMessage).ToList();

        await slots.WaitAsync(cancellationToken);
        using var bounded = ResilientHttp.Bounded(options, cancellationToken);
        try
        {
            using var activity = ChatClientsTelemetry.Source.StartActivity("chat " + options.Model, ActivityKind.Client);
            activity?.SetTag("gen_ai.request.model", options.Model);
            activity?.SetTag("gen_ai.request.seed", call.Seed);
            activity?.SetTag("instructlab.structured_output", useSchema);
            var completion = (await client.CompleteChatAsync(messages, completionOptions, bounded.Token)).Value;
            var text = string.Concat(completion.Content.Select(part => part.Text));
            var (prompt, generated) = (completion.Usage?.InputTokenCount ?? 0, completion.Usage?.OutputTokenCount ?? 0);
            activity?.SetTag("gen_ai.usage.input_tokens", prompt);
            activity?.SetTag("gen_ai.usage.output_tokens", generated);
            ChatClientsTelemetry.Calls.Add(1, new KeyValuePair<string, object?>("model", options.Model));
            ChatClientsTelemetry.GeneratedTokens.Add(generated, new KeyValuePair<string, object?>("model", options.Model));
            return new ChatAnswer(text, prompt, generated, useSchema);
        }
        catch (ClientResultException e)
        {
            throw new ChatEndpointException(options, e.Status, e.Message, e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && bounded.IsCancellationRequested)
        {
            throw new ChatEndpointException(options, 0, $"no answer within {options.MaxCallTime} (MaxCallTime, retries included)", e);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new ChatEndpointException(options, 0, $"no answer after {options.MaxRetries} retries ({e.Message})", e);
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>A 4xx to a tiny schema call means the endpoint does not take <c>json_schema</c>; other failures are real.</summary>
    private async Task<bool> ProbeAsync()
    {
        var probe = new ChatCall
        {
            Messages = [ChatTurn.User("Reply with a JSON object whose field ok is true.")],
            Temperature = 0,
            MaxTokens = 16,
            Schema = ProbeSchema,
            SchemaName = "probe",
        };
        try
        {
            var answer = await SendAsync(probe, useSchema: true, CancellationToken.None);
            return JsonNode.Parse(answer.Content) is JsonObject json && json["ok"]?.GetValueKind() is JsonValueKind.True or JsonValueKind.False;
        }
        catch (ChatEndpointException e) when (e.Status is >= 400 and < 500 and not 401 and not 403 and not 404 and not 429)
        {
            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static ChatMessage ToMessage(ChatTurn turn) => turn.Role switch
    {
        "system" => ChatMessage.CreateSystemMessage(turn.Content),
        "assistant" => ChatMessage.CreateAssistantMessage(turn.Content),
        "user" => ChatMessage.CreateUserMessage(turn.Content),
        _ => throw new ArgumentException($"unknown chat role '{turn.Role}' (allowed: system, user, assistant)", nameof(turn)),
    };
}
