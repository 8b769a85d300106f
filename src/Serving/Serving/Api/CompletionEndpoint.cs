using System.Text;
using System.Text.Json.Nodes;
using InstructLab.Aspire.Serving.Catalog;
using InstructLab.Aspire.Serving.Inference;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace InstructLab.Aspire.Serving.Api;

/// <summary>
/// <c>POST /v1/completions</c>: raw prompts, no template. <c>prompt</c> may be a string, a list of strings, a list of
/// token ids or a list of such lists; with <c>n</c>, prompt <c>p</c>'s choices are <c>p·n … p·n+n−1</c>.
/// </summary>
internal static class CompletionEndpoint
{
    public const int MaxPrompts = 64;

    public static async Task HandleAsync(HttpContext http, ModelCatalog catalog, IOptions<ServingOptions> options)
    {
        var request = await RequestReader.ReadAsync(http.Request.Body, http.RequestAborted);
        using var lease = await catalog.AcquireAsync(request.String("model"), http.RequestAborted);
        var model = lease.Model;
        var prompts = Prompts(request.Node("prompt"), model);
        var settings = GenerationParameters.Read(request, model, options.Value.MaxSequences, chat: false);
        var stream = request.Bool("stream", false);
        var includeUsage = stream && request.Node("stream_options")?["include_usage"] is JsonValue usage && usage.TryGetValue<bool>(out var yes) && yes;

        using var activity = ServingTelemetry.Source.StartActivity($"text_completion {model.Id}");
        activity?.SetTag("gen_ai.operation.name", "text_completion");
        activity?.SetTag("gen_ai.request.model", model.Id);
        activity?.SetTag("gen_ai.request.temperature", settings.Sampling.Temperature);
        using var run = new GenerationRun(model, prompts, settings, options.Value.DefaultMaxTokens, http.RequestAborted);
        var id = OpenAiJson.NewId("cmpl");
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (stream)
        {
            await StreamAsync(http, run, id, created, model.Id, includeUsage);
        }
        else
        {
            await RespondAsync(http, run, id, created, model.Id);
        }
        run.Tag(activity);
    }

    private static List<int[]> Prompts(JsonNode? prompt, LoadedModel model)
    {
        int[] Text(string text) => model.Tokenize(text, addSpecial: true, parseSpecial: true);
        int[] Ids(JsonArray ids, string param) => [.. ids.Select(id => id is JsonValue v && v.TryGetValue<int>(out var token) && token >= 0 && token < model.VocabularySize
            ? token
            : throw ServingException.BadRequest($"'{param}' must hold token ids from 0 to {model.VocabularySize - 1}.", "prompt"))];

        List<int[]> prompts = prompt switch
        {
            JsonValue value when value.TryGetValue<string>(out var text) => [Text(text)],
            JsonArray { Count: > 0 and <= MaxPrompts } list when list.All(p => p is JsonValue v && v.TryGetValue<string>(out _)) => [.. list.Select(p => Text((string)p!))],
            JsonArray { Count: > 0 } list when list.All(p => p is JsonValue v && v.TryGetValue<int>(out _)) => [Ids(list, "prompt")],
            JsonArray { Count: > 0 and <= MaxPrompts } list when list.All(p => p is JsonArray) => [.. list.Select((p, i) => Ids((JsonArray)p!, $"prompt[{i}]"))],
            null => throw ServingException.BadRequest("'prompt' is required.", "prompt"),
            _ => throw ServingException.BadRequest($"'prompt' must be a string, a list of 1 to {MaxPrompts} strings, a list of token ids, or a list of such lists.", "prompt"),
        };
        return prompts.Any(p => p.Length == 0) ? throw ServingException.BadRequest("'prompt' must not be empty.", "prompt") : prompts;
    }

    private static async Task RespondAsync(HttpContext http, GenerationRun run, string id, long created, string model)
    {
        var texts = Enumerable.Range(0, run.Choices).Select(_ => new StringBuilder()).ToArray();
        var logprobs = Enumerable.Range(0, run.Choices).Select(_ => new List<TokenLogprob>()).ToArray();
        var reasons = new string[run.Choices];
        await foreach (var item in run.ReadAllAsync())
        {
            switch (item)
            {
                case TextGenerated text:
                    texts[text.Choice].Append(text.Text);
                    if (text.Logprob is { } logprob)
                    {
                        logprobs[text.Choice].Add(logprob);
                    }
                    break;
                case ChoiceFinished done:
                    reasons[done.Choice] = done.Reason;
                    break;
            }
        }
        var wantLogprobs = run.Requests[0].Settings.Logprobs;
        var response = new JsonObject
        {
            ["id"] = id,
            ["object"] = "text_completion",
            ["created"] = created,
            ["model"] = model,
            ["choices"] = new JsonArray([.. Enumerable.Range(0, run.Choices).Select(i => (JsonNode)new JsonObject
            {
                ["index"] = i,
                ["text"] = texts[i].ToString(),
                ["logprobs"] = wantLogprobs ? OpenAiJson.CompletionLogprobs(logprobs[i], 0) : null,
                ["finish_reason"] = reasons[i],
            })]),
            ["usage"] = OpenAiJson.Usage(run),
        };
        await Results.Text(response.ToJsonString(), "application/json").ExecuteAsync(http);
    }

    private static async Task StreamAsync(HttpContext http, GenerationRun run, string id, long created, string model, bool includeUsage)
    {
        var aborted = http.RequestAborted;
        var offsets = new int[run.Choices];
        ServerSentEvents.Start(http.Response);
        JsonObject Chunk(int choice, string text, JsonNode? logprobs, string? reason) => new()
        {
            ["id"] = id,
            ["object"] = "text_completion",
            ["created"] = created,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = choice, ["text"] = text, ["logprobs"] = logprobs, ["finish_reason"] = reason }),
            ["usage"] = null,
        };
        try
        {
            await foreach (var item in run.ReadAllAsync())
            {
                var chunk = item switch
                {
                    TextGenerated text => Chunk(text.Choice, text.Text, text.Logprob is { } lp ? OpenAiJson.CompletionLogprobs([lp], offsets[text.Choice]) : null, null),
                    ChoiceFinished done => Chunk(done.Choice, "", null, done.Reason),
                    _ => null,
                };
                if (item is TextGenerated generated)
                {
                    offsets[generated.Choice] += generated.Text.Length;
                }
                if (chunk is not null)
                {
                    await ServerSentEvents.WriteAsync(http.Response, chunk, aborted);
                }
            }
        }
        catch (ServingException error)
        {
            await ServerSentEvents.ErrorAsync(http.Response, error, aborted);
            return;
        }
        if (includeUsage)
        {
            var usage = Chunk(0, "", null, null);
            usage["choices"] = new JsonArray();
            usage["usage"] = OpenAiJson.Usage(run);
            await ServerSentEvents.WriteAsync(http.Response, usage, aborted);
        }
        await ServerSentEvents.DoneAsync(http.Response, aborted);
    }
}
