using System.CommandLine;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary><c>lab system …</c>: the state of the running suite.</summary>
internal static class SystemCommands
{
    public static Command Create(IAnsiConsole console)
    {
        var system = new Command("system", "The running suite: services, versions, connections.");
        system.Subcommands.Add(SystemInfoCommand.Create(console));
        return system;
    }
}
