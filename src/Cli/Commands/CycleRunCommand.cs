using System.CommandLine;
using InstructLab.Aspire.Contracts.Training.V1;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary>
/// <c>lab cycle run [TAXONOMY]</c>: starts a LAB cycle, prints each stage until it ends, then the before/after report per
/// leaf (<c>--detach</c>: print the cycle id and return). Exit 0 completed (or detached), 1 failed or cancelled, 2 refused or no suite.
/// </summary>
internal static class CycleRunCommand
{
    private static readonly Option<bool> Detach = new("--detach") { Description = "Print the cycle id and return; watch later with lab cycle show --watch." };

    private static readonly Option<bool> Json = new("--json") { Description = "Print the cycle (and its report) as JSON when it ends (with --detach: at once)." };

    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("run", "Teach a student a taxonomy's changed leaves: generate data, train both phases, evaluate against the base, publish.");
        CycleRunOptions.AddTo(command);
        command.Options.Add(Detach);
        command.Options.Add(Json);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            var request = CycleRunOptions.Request(parseResult);
            using var suite = CycleCommands.Client(parseResult);
            var cycle = await CyclePrinter.Call(() => suite.Cycles.RunAsync(request, cancellationToken: cancellationToken).ResponseAsync);
            var json = parseResult.GetValue(Json);
            if (!json)
            {
                console.MarkupLine(Markup.Escape($"cycle {cycle.Id} started: {cycle.Taxonomy} → {cycle.OutputModelId} (from {cycle.Student})"));
            }
            if (!parseResult.GetValue(Detach))
            {
                cycle = await CyclePrinter.WatchAsync(console, suite, cycle.Id, quiet: json, cancellationToken);
            }
            await CycleShowCommand.PrintAsync(console, suite, cycle, json, cancellationToken);
            return cycle.State is CycleState.Failed or CycleState.Cancelled ? ExitCodes.Failed : ExitCodes.Ok;
        }));
        return command;
    }
}
