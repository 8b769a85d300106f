using System.Text.Json.Nodes;
using InstructLab.Aspire.Jinja;
using InstructLab.Aspire.Serving.Catalog;
using InstructLab.Aspire.Serving.Inference;
using InstructLab.Aspire.LlamaCpp.Templates;
using InstructLab.Aspire.Serving.Templates;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace InstructLab.Aspire.Serving.Api;

/// <summary><c>POST /v1/chat/completions</c>: messages through the model's chat template, then generation.</summary>
internal static class ChatCompletionEndpoint
{
    public static async Task HandleAsync(HttpContext http, ModelCatalog catalog, IOptions<ServingOptions> options)
    {
        var request = await RequestReader.ReadAsync(http.Request.Body, http.RequestAborted);
        var messages = ChatMessages.Normalize(request.Node("messages"));
        using var lease = await catalog.AcquireAsync(request.String("model"), http.RequestAborted);
        var model = lease.Model;
        var settings = GenerationParameters.Read(request, model, options.Value.MaxSequences, chat: true);
        var (stream, includeUsage) = request.Streaming();
        var prompt = model.TokenizeChatPrompt(Render(model, messages, request.Node("chat_template_kwargs") as JsonObject));

        using var activity = ServingTelemetry.StartRequest("chat", model.Id, settings);
        using var run = new GenerationRun(model, [prompt], settings, options.Value.DefaultMaxTokens, http.RequestAborted);
        var id = OpenAiJson.NewId("chatcmpl");
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

    /// <summary>The prompt text; a template that refuses a system message gets it merged into the first user message.</summary>
    internal static string Render(LoadedModel model, JsonArray messages, JsonObject? arguments)
    {
        var template = model.ChatTemplate ?? throw ServingException.BadRequest(
            $"The model '{model.Id}' has no chat template (no tokenizer.chat_template in its GGUF). Use /v1/completions, or set Serving:Models:{model.Id}:ChatTemplate to a Jinja template or a llama.cpp built-in name.",
            "messages", "no_chat_template");
        try
        {
            return template.Render(messages, addGenerationPrompt: true, arguments);
        }
        catch (JinjaException error) when (error.RaisedByTemplate && messages.Count > 1 && (string?)messages[0]!["role"] == "system")
        {
            return Render(model, MergeSystemIntoFirstUser(messages), arguments);
        }
        catch (JinjaException error)
        {
            throw ServingException.BadRequest($"The model's chat template refused these messages: {error.Problem}", "messages", "chat_template_error");
        }
        catch (Exception error) when (error is LLama.Exceptions.RuntimeError or InvalidOperationException)
        {
            throw ServingException.BadRequest($"The model's chat template could not be applied: {error.Message}", "messages", "chat_template_error");
        }
    }

    private static JsonArray MergeSystemIntoFirstUser(JsonArray messages)
    {
        var merged = new JsonArray();
        var system = (string?)messages[0]!["content"];
        var pending = true;
        foreach (var message in messages.Skip(1))
        {
            var copy = (JsonObject)message!.DeepClone();
            if (pending && (string?)copy["role"] == "user")
            {
                copy["content"] = $"{system}\n\n{(string?)copy["content"]}";
                pending = false;
            }
            merged.Add(copy);
        }
        return merged;
    }

    private static async Task RespondAsync(HttpContext http, GenerationRun run, string id, long created, string model)
    {
        var choices = await CollectedChoices.ReadAsync(run);
        var wantLogprobs = run.Requests[0].Settings.Logprobs;
        var response = OpenAiJson.Envelope(id, "chat.completion", created, model, new JsonArray([.. Enumerable.Range(0, run.Choices).Select(i => (JsonNode)new JsonObject
            {
                ["index"] = i,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = choices.Texts[i].ToString() },
                ["logprobs"] = wantLogprobs ? new JsonObject { ["content"] = new JsonArray([.. choices.Logprobs[i].Select(l => (JsonNode)OpenAiJson.ChatLogprob(l))]) } : null,
                ["finish_reason"] = choices.Reasons[i],
            })]), OpenAiJson.Usage(run));
        await Results.Text(response.ToJsonString(), "application/json").ExecuteAsync(http);
    }

    private static async Task StreamAsync(HttpContext http, GenerationRun run, string id, long created, string model, bool includeUsage)
    {
        var aborted = http.RequestAborted;
        ServerSentEvents.Start(http.Response);
        JsonObject Chunk(int choice, JsonObject delta, JsonNode? logprobs, string? reason) =>
            OpenAiJson.Envelope(id, "chat.completion.chunk", created, model, new JsonArray(new JsonObject { ["index"] = choice, ["delta"] = delta, ["logprobs"] = logprobs, ["finish_reason"] = reason }), null);
        for (var choice = 0; choice < run.Choices; choice++)
        {
            await ServerSentEvents.WriteAsync(http.Response, Chunk(choice, new JsonObject { ["role"] = "assistant", ["content"] = "" }, null, null), aborted);
        }
        await ServerSentEvents.StreamRunAsync(http.Response, run, item => item switch
        {
            TextGenerated text => Chunk(text.Choice, new JsonObject { ["content"] = text.Text },
                text.Logprob is { } lp ? new JsonObject { ["content"] = new JsonArray(OpenAiJson.ChatLogprob(lp)) } : null, null),
            ChoiceFinished done => Chunk(done.Choice, [], null, done.Reason),
            _ => null,
        }, includeUsage ? Chunk(0, [], null, null) : null, aborted);
    }
}
