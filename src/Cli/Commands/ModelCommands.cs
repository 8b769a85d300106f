using System.CommandLine;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary><c>lab model …</c>: GGUF models on this machine, no running suite needed.</summary>
internal static class ModelCommands
{
    public static Command Create(IAnsiConsole console)
    {
        var model = new Command("model", "Inspect GGUF models and build random test models.");
        model.Subcommands.Add(ModelInspectCommand.Create(console));
        model.Subcommands.Add(ModelCreateTestModelCommand.Create(console));
        return model;
    }
}
