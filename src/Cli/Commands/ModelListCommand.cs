using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary><c>lab model list</c>: the models an OpenAI-compatible server (by default the suite's serving) offers.</summary>
internal static class ModelListCommand
{
    private static readonly Option<bool> Json = new("--json") { Description = "Print JSON for scripts." };

    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("list", "List the models a server offers (by default the running suite's serving).");
        command.Options.Add(ServingConnection.Url);
        command.Options.Add(ServingConnection.ApiKey);
        command.Options.Add(Json);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            var client = ServingConnection.Client(parseResult, TimeSpan.FromSeconds(30)).GetOpenAIModelClient();
            var models = (await ServingConnection.CallAsync(() => client.GetModelsAsync(cancellationToken))).Value;
            if (parseResult.GetValue(Json))
            {
                var list = new JsonArray([.. models.Select(m => (JsonNode)new JsonObject { ["id"] = m.Id, ["owned_by"] = m.OwnedBy, ["created"] = m.CreatedAt.ToUnixTimeSeconds() })]);
                console.Profile.Out.Writer.WriteLine(new JsonObject { ["models"] = list }.ToJsonString());
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("model", "owned by", "created");
            foreach (var model in models.OrderBy(m => m.Id, StringComparer.Ordinal))
            {
                table.AddRow(Markup.Escape(model.Id), Markup.Escape(model.OwnedBy ?? ""), model.CreatedAt.ToString("yyyy-MM-dd HH:mm"));
            }
            console.Write(table);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
