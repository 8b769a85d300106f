using System.CommandLine;
using InstructLab.Aspire.ChatClients;
using InstructLab.Aspire.Hub;
using OpenAI.Chat;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary>
/// <c>lab model chat</c>: a streaming chat with any OpenAI-compatible server, as a REPL (empty line or /exit ends it,
/// /clear forgets the conversation) or for one question with <c>-q</c>.
/// </summary>
internal static class ModelChatCommand
{
    private static readonly Option<string?> Model = new("--model", "-m") { Description = "The model id (default: the suite's default teacher if served, else the server's first model)" };

    private static readonly Option<string?> Question = new("--question", "-q") { Description = "Ask one question, print the answer and exit" };

    private static readonly Option<string?> System = new("--system") { Description = "A system message to start the conversation with" };

    private static readonly Option<int?> MaxTokens = new("--max-tokens") { Description = "Longest answer in tokens" };

    private static readonly Option<float?> Temperature = new("--temperature") { Description = "Sampling temperature (0 = greedy)" };

    public static Command Create(IAnsiConsole console, TextReader? input = null)
    {
        var command = new Command("chat", "Chat with a model over the OpenAI API (by default the running suite's serving).");
        foreach (var option in new Option[] { ServingConnection.Url, ServingConnection.ApiKey, Model, Question, System, MaxTokens, Temperature })
        {
            command.Options.Add(option);
        }
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            var client = ServingConnection.Client(parseResult);
            var model = parseResult.GetValue(Model) ?? await DefaultModelAsync(client, cancellationToken);
            var chat = client.GetChatClient(model);
            var options = new ChatCompletionOptions { MaxOutputTokenCount = parseResult.GetValue(MaxTokens), Temperature = parseResult.GetValue(Temperature) };
            var history = new List<ChatMessage>();
            void Reset()
            {
                history.Clear();
                if (parseResult.GetValue(System) is { Length: > 0 } system)
                {
                    history.Add(new SystemChatMessage(system));
                }
            }
            Reset();
            if (parseResult.GetValue(Question) is { } question)
            {
                history.Add(new UserChatMessage(question));
                await AnswerAsync(console, chat, history, options, cancellationToken);
                return ExitCodes.Ok;
            }
            input ??= Console.In;
            console.MarkupLine($"Chatting with [bold]{Markup.Escape(model)}[/]. Empty line or /exit ends, /clear starts over.");
            while (true)
            {
                console.Markup("[green]>>> [/]");
                var line = await input.ReadLineAsync(cancellationToken);
                if (line is null || line.Trim() is "" or "/exit" or "/quit")
                {
                    return ExitCodes.Ok;
                }
                if (line.Trim() == "/clear")
                {
                    Reset();
                    continue;
                }
                history.Add(new UserChatMessage(line));
                history.Add(new AssistantChatMessage(await AnswerAsync(console, chat, history, options, cancellationToken)));
            }
        }));
        return command;
    }

    private static async Task<string> AnswerAsync(IAnsiConsole console, ChatClient chat, List<ChatMessage> history, ChatCompletionOptions options, CancellationToken cancellationToken)
    {
        var writer = console.Profile.Out.Writer;
        var answer = new global::System.Text.StringBuilder();
        await ServingConnection.CallAsync(async () =>
        {
            await foreach (var update in chat.CompleteChatStreamingAsync(history, options, cancellationToken))
            {
                foreach (var part in update.ContentUpdate)
                {
                    answer.Append(part.Text);
                    await writer.WriteAsync(part.Text);
                    await writer.FlushAsync(cancellationToken);
                }
            }
            return answer.Length;
        });
        await writer.WriteLineAsync();
        return answer.ToString();
    }

    /// <summary>The suite's downloaded teacher when the server has it (the better talker of the defaults), else its first model by id.</summary>
    private static async Task<string> DefaultModelAsync(OpenAI.OpenAIClient client, CancellationToken cancellationToken)
    {
        var models = (await ServingConnection.CallAsync(() => client.GetOpenAIModelClient().GetModelsAsync(cancellationToken))).Value;
        return EndpointModels.Choose([.. models.Select(m => m.Id).Order(StringComparer.Ordinal)], DefaultModels.Teacher.Id)
            ?? throw new LabException("the server offers no models; run `lab model download` (the suite serves what it fetches), or start lab model serve --model PATH.");
    }
}
