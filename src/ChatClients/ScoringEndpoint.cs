using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Polly.Timeout;

namespace InstructLab.Aspire.ChatClients;

/// <summary>
/// Log-likelihoods from an OpenAI-compatible endpoint: <c>/v1/completions</c> with <c>echo</c>, <c>logprobs</c> and
/// <c>max_tokens: 0</c> (the suite's serving, vLLM, OpenAI's legacy API), all prompts of a call in one request so a
/// server that shares their common prefix computes it once; and chat prompts rendered by the server's own template
/// through <c>/apply-template</c> (the suite's serving, llama-server). Same limits and retries as a chat endpoint.
/// </summary>
public sealed class ScoringEndpoint : IDisposable
{
    private readonly ChatEndpointOptions options;
    private readonly HttpClient http;
    private readonly SemaphoreSlim slots;

    public ScoringEndpoint(ChatEndpointOptions options)
    {
        this.options = options;
        http = ResilientHttp.Create(options);
        slots = new SemaphoreSlim(Math.Max(1, options.MaxConcurrency));
    }

    public string Model => options.Model;

    /// <summary>Each prompt's tokens and their log-probabilities, in the order given.</summary>
    public async Task<IReadOnlyList<ScoredPrompt>> ScoreAsync(IReadOnlyList<string> prompts, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["model"] = options.Model,
            ["prompt"] = new JsonArray([.. prompts.Select(p => (JsonNode)p)]),
            ["max_tokens"] = 0,
            ["echo"] = true,
            ["logprobs"] = 1,
            ["temperature"] = 0,
        };
        using var activity = ChatClientsTelemetry.Source.StartActivity("score " + options.Model, ActivityKind.Client);
        activity?.SetTag("gen_ai.request.model", options.Model);
        activity?.SetTag("instructlab.prompts", prompts.Count);
        var response = await PostAsync(new Uri(options.ApiUrl + "/completions"), body, cancellationToken);
        var choices = response["choices"] as JsonArray ?? throw Malformed("no choices");
        if (choices.Count != prompts.Count)
        {
            throw Malformed($"{choices.Count} choices for {prompts.Count} prompts");
        }
        var scored = new ScoredPrompt[prompts.Count];
        foreach (var choice in choices)
        {
            var index = (int?)choice?["index"] ?? throw Malformed("a choice without an index");
            var logprobs = choice!["logprobs"] as JsonObject ?? throw Malformed("no logprobs: the endpoint does not return prompt log-probabilities with echo");
            var tokens = (logprobs["tokens"] as JsonArray)?.Select(t => (string?)t ?? "").ToList() ?? throw Malformed("no logprobs.tokens");
            var values = (logprobs["token_logprobs"] as JsonArray)?.Select(v => (double?)v).ToList() ?? throw Malformed("no logprobs.token_logprobs");
            if (index < 0 || index >= prompts.Count || tokens.Count != values.Count || tokens.Count == 0)
            {
                throw Malformed($"choice {index} has {tokens.Count} tokens and {values.Count} log-probabilities");
            }
            scored[index] = new ScoredPrompt(tokens, values);
        }
        ChatClientsTelemetry.Calls.Add(1, new KeyValuePair<string, object?>("model", options.Model));
        return scored;
    }

    /// <summary>The prompt text the endpoint's chat template makes of <paramref name="messages"/>, with the generation prompt.</summary>
    public async Task<string> ApplyTemplateAsync(IReadOnlyList<ChatTurn> messages, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["model"] = options.Model,
            ["messages"] = new JsonArray([.. messages.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role, ["content"] = m.Content })]),
        };
        var root = options.ApiUrl.AbsolutePath.TrimEnd('/')[..^"/v1".Length];
        var response = await PostAsync(new Uri(options.ApiUrl, root + "/apply-template"), body, cancellationToken);
        return (string?)response["prompt"] ?? throw Malformed("/apply-template answered without a prompt");
    }

    public void Dispose()
    {
        http.Dispose();
        slots.Dispose();
    }

    private async Task<JsonObject> PostAsync(Uri url, JsonObject body, CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken);
        using var bounded = ResilientHttp.Bounded(options, cancellationToken);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
            if (options.ApiKey is { Length: > 0 } key)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }
            using var response = await http.SendAsync(request, bounded.Token);
            var text = await response.Content.ReadAsStringAsync(bounded.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new ChatEndpointException(options, (int)response.StatusCode, ErrorMessage(text, url));
            }
            return JsonNode.Parse(text) as JsonObject ?? throw Malformed("the answer is not a JSON object");
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
        catch (System.Text.Json.JsonException e)
        {
            throw new ChatEndpointException(options, 200, $"the answer is not JSON ({e.Message})", e);
        }
        finally
        {
            slots.Release();
        }
    }

    private static string ErrorMessage(string body, Uri url)
    {
        try
        {
            if (JsonNode.Parse(body)?["error"] is JsonObject { } error && error["message"] is JsonValue message)
            {
                // The code too: context_length_exceeded tells a prompt past the model's context from other refusals.
                return error["code"] is JsonValue code ? $"{url.AbsolutePath}: {(string?)message} ({(string?)code})" : $"{url.AbsolutePath}: {(string?)message}";
            }
        }
        catch (System.Text.Json.JsonException)
        {
        }
        return $"{url.AbsolutePath}: {(body.Length > 300 ? body[..300] + "…" : body)}";
    }

    private ChatEndpointException Malformed(string problem) => new(options, 200, problem);
}
