using System.CommandLine;
using InstructLab.Aspire.Cli.Suite;
using InstructLab.Aspire.Contracts.Training.V1;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary><c>lab cycle show CYCLE [--watch] [--json]</c>: a cycle's stages, jobs and, once completed, its per-leaf report.</summary>
internal static class CycleShowCommand
{
    private static readonly Argument<string> Cycle = new("cycle") { Description = "The cycle id (lab cycle list)." };

    private static readonly Option<bool> Watch = new("--watch") { Description = "Print each stage until the cycle ends." };

    private static readonly Option<bool> Json = new("--json") { Description = "Print JSON for scripts." };

    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("show", "A LAB cycle of the running suite: stages, jobs, model and the before/after report per leaf.");
        command.Arguments.Add(Cycle);
        command.Options.Add(Watch);
        command.Options.Add(Json);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            using var suite = CycleCommands.Client(parseResult);
            var id = parseResult.GetRequiredValue(Cycle);
            var cycle = parseResult.GetValue(Watch)
                ? await CyclePrinter.WatchAsync(console, suite, id, quiet: parseResult.GetValue(Json), cancellationToken)
                : await CyclePrinter.Call(() => suite.Cycles.GetAsync(new GetCycleRequest { Id = id }, cancellationToken: cancellationToken).ResponseAsync);
            await PrintAsync(console, suite, cycle, parseResult.GetValue(Json), cancellationToken);
            return cycle.State is CycleState.Failed or CycleState.Cancelled ? ExitCodes.Failed : ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The summary, and the report once the cycle completed; as one JSON object ({cycle, report}) with --json.</summary>
    internal static async Task PrintAsync(IAnsiConsole console, SuiteClient suite, Contracts.Training.V1.Cycle cycle, bool json, CancellationToken cancellationToken)
    {
        var report = cycle.State == CycleState.Completed
            ? await CyclePrinter.Call(() => suite.Cycles.GetReportAsync(new GetCycleRequest { Id = cycle.Id }, cancellationToken: cancellationToken).ResponseAsync)
            : null;
        if (json)
        {
            console.Profile.Out.Writer.WriteLine($"{{\"cycle\": {ProtoJson.Formatter.Format(cycle)}, \"report\": {report?.Json ?? "null"}}}");
            return;
        }
        CyclePrinter.Summary(console, cycle);
        if (report is not null)
        {
            CyclePrinter.Report(console, report);
        }
    }
}
