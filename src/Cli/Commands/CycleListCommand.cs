using System.CommandLine;
using System.Globalization;
using InstructLab.Aspire.Contracts.Training.V1;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary><c>lab cycle list</c>: the suite's LAB cycles, newest first.</summary>
internal static class CycleListCommand
{
    private static readonly Option<bool> Json = new("--json") { Description = "Print JSON for scripts." };

    private static readonly Option<int> Limit = new("--limit") { Description = "At most this many cycles.", DefaultValueFactory = _ => 50 };

    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("list", "LAB cycles of the running suite, newest first.");
        command.Options.Add(Json);
        command.Options.Add(Limit);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            using var suite = CycleCommands.Client(parseResult);
            var cycles = await CyclePrinter.Call(() => suite.Cycles.ListAsync(new ListCyclesRequest { Limit = parseResult.GetValue(Limit) }, cancellationToken: cancellationToken).ResponseAsync);
            if (parseResult.GetValue(Json))
            {
                console.Profile.Out.Writer.WriteLine(ProtoJson.Formatter.Format(cycles));
                return ExitCodes.Ok;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumns("cycle", "name", "state", "submitted", "model");
            foreach (var cycle in cycles.Cycles)
            {
                table.AddRow(
                    Markup.Escape(cycle.Id),
                    Markup.Escape(cycle.Name),
                    cycle.State.ToString().ToLowerInvariant(),
                    cycle.SubmittedAt.ToDateTimeOffset().ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    Markup.Escape(cycle.ModelVersion > 0 ? $"{cycle.OutputModelId} v{cycle.ModelVersion}" : cycle.OutputModelId));
            }
            console.Write(table);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
