using System.Text.Json.Nodes;
using InstructLab.Aspire.Serving.Catalog;
using InstructLab.Aspire.Serving.Inference;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace InstructLab.Aspire.Serving.Api;

/// <summary>
/// <c>POST /v1/completions</c>: raw prompts, no template. <c>prompt</c> may be a string, a list of strings, a list of
/// token ids or a list of such lists; with <c>n</c>, prompt <c>p</c>'s choices are <c>p·n … p·n+n−1</c>. With
/// <c>echo</c> each choice starts with its prompt, and with <c>logprobs</c> the prompt tokens' log-probabilities come
/// first (the first token's null), as OpenAI's legacy API and vLLM answer; <c>max_tokens: 0</c> then only scores.
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
        // echo repeats each prompt as its text: the string given, or the tokens' text.
        var promptTexts = request.Node("prompt") is JsonValue single && single.TryGetValue<string>(out var only) ? [only]
            : request.Node("prompt") is JsonArray list && list.All(p => p is JsonValue v && v.TryGetValue<string>(out _)) ? [.. list.Select(p => (string)p!)]
            : prompts.Select(tokens => model.Detokenize(tokens)).ToList();
        var settings = GenerationParameters.Read(request, model, options.Value.MaxSequences, chat: false);
        var (stream, includeUsage) = request.Streaming();

        using var activity = ServingTelemetry.StartRequest("text_completion", model.Id, settings);
        using var run = new GenerationRun(model, prompts, settings, options.Value.DefaultMaxTokens, http.RequestAborted);
        var id = OpenAiJson.NewId("cmpl");
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (stream)
        {
            await StreamAsync(http, run, id, created, model.Id, includeUsage, promptTexts);
        }
        else
        {
            await RespondAsync(http, run, id, created, model.Id, promptTexts);
        }
        run.Tag(activity);
    }

    private static List<int[]> Prompts(JsonNode? prompt, LoadedModel model)
    {
        // A prompt that starts with the BOS token's text (a rendered chat template) gets no second one.
        int[] Text(string text) => model.TokenizeChatPrompt(text);
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

    private static async Task RespondAsync(HttpContext http, GenerationRun run, string id, long created, string model, IReadOnlyList<string> promptTexts)
    {
        var choices = await CollectedChoices.ReadAsync(run);
        var settings = run.Requests[0].Settings;
        var response = OpenAiJson.Envelope(id, "text_completion", created, model, new JsonArray([.. Enumerable.Range(0, run.Choices).Select(i => (JsonNode)new JsonObject
            {
                ["index"] = i,
                ["text"] = (settings.Echo ? promptTexts[i / settings.N] : "") + choices.Texts[i],
                ["logprobs"] = settings.Logprobs ? OpenAiJson.CompletionLogprobs([.. choices.Echoes[i] ?? [], .. choices.Logprobs[i]], 0) : null,
                ["finish_reason"] = choices.Reasons[i],
            })]), OpenAiJson.Usage(run));
        await Results.Text(response.ToJsonString(), "application/json").ExecuteAsync(http);
    }

    private static async Task StreamAsync(HttpContext http, GenerationRun run, string id, long created, string model, bool includeUsage, IReadOnlyList<string> promptTexts)
    {
        var n = run.Requests[0].Settings.N;
        var aborted = http.RequestAborted;
        var offsets = new int[run.Choices];
        ServerSentEvents.Start(http.Response);
        JsonObject Chunk(int choice, string text, JsonNode? logprobs, string? reason) =>
            OpenAiJson.Envelope(id, "text_completion", created, model, new JsonArray(new JsonObject { ["index"] = choice, ["text"] = text, ["logprobs"] = logprobs, ["finish_reason"] = reason }), null);
        await ServerSentEvents.StreamRunAsync(http.Response, run, item =>
        {
            switch (item)
            {
                case PromptEchoed echo:
                    var prompt = promptTexts[echo.Choice / n];
                    offsets[echo.Choice] = prompt.Length;
                    return Chunk(echo.Choice, prompt, echo.Logprobs is { } echoed ? OpenAiJson.CompletionLogprobs(echoed, 0) : null, null);
                case TextGenerated text:
                    var logprobs = text.Logprob is { } lp ? OpenAiJson.CompletionLogprobs([lp], offsets[text.Choice]) : null;
                    offsets[text.Choice] += text.Text.Length;
                    return Chunk(text.Choice, text.Text, logprobs, null);
                case ChoiceFinished done:
                    return Chunk(done.Choice, "", null, done.Reason);
                default:
                    return null;
            }
        }, includeUsage ? Chunk(0, "", null, null) : null, aborted);
    }
}
