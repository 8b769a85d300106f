using System.CommandLine;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary><c>lab cycle …</c>: LAB cycles of the running suite — a taxonomy's new leaves to a served model that learned them.</summary>
internal static class CycleCommands
{
    public static Command Create(IAnsiConsole console)
    {
        var cycle = new Command("cycle", "Run the LAB cycle in the suite: changed leaves → data → training → evaluation against the base → published model.");
        cycle.Subcommands.Add(CycleRunCommand.Create(console));
        cycle.Subcommands.Add(CycleListCommand.Create(console));
        cycle.Subcommands.Add(CycleShowCommand.Create(console));
        cycle.Subcommands.Add(CycleCancelCommand.Create(console));
        return cycle;
    }

    /// <summary>The suite's training service, which runs cycles.</summary>
    internal static Suite.SuiteClient Client(ParseResult parseResult) => TrainCommands.Client(parseResult);
}
