using System.CommandLine;
using InstructLab.Aspire.Contracts.Training.V1;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary><c>lab cycle cancel CYCLE</c>: stops a cycle; its running job is cancelled, what it made so far is kept.</summary>
internal static class CycleCancelCommand
{
    private static readonly Argument<string> Cycle = new("cycle") { Description = "The cycle id (lab cycle list)." };

    private static readonly Option<bool> Json = new("--json") { Description = "Print JSON for scripts." };

    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("cancel", "Stop a LAB cycle: its running job is cancelled, its data and checkpoints stay.");
        command.Arguments.Add(Cycle);
        command.Options.Add(Json);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            using var suite = CycleCommands.Client(parseResult);
            var id = parseResult.GetRequiredValue(Cycle);
            var cycle = await CyclePrinter.Call(() => suite.Cycles.CancelAsync(new GetCycleRequest { Id = id }, cancellationToken: cancellationToken).ResponseAsync);
            if (parseResult.GetValue(Json))
            {
                console.Profile.Out.Writer.WriteLine(ProtoJson.Formatter.Format(cycle));
            }
            else
            {
                CyclePrinter.Summary(console, cycle);
            }
            return cycle.State == CycleState.Cancelled ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }
}
