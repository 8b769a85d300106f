using System.CommandLine;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary><c>lab model …</c>: GGUF models on this machine, serving them, and talking to an OpenAI-compatible server.</summary>
internal static class ModelCommands
{
    public static Command Create(IAnsiConsole console)
    {
        var model = new Command("model", "Download, inspect, build, train, evaluate and serve GGUF models; list and chat with served ones.");
        model.Subcommands.Add(ModelDownloadCommand.Create(console));
        model.Subcommands.Add(ModelPublishCommand.Publish(console));
        model.Subcommands.Add(ModelPublishCommand.Remove(console));
        model.Subcommands.Add(ModelInspectCommand.Create(console));
        model.Subcommands.Add(ModelCreateTestModelCommand.Create(console));
        model.Subcommands.Add(ModelTrainCommand.Create(console));
        model.Subcommands.Add(ModelEvaluateCommand.Create(console));
        model.Subcommands.Add(ModelServeCommand.Create(console));
        model.Subcommands.Add(ModelListCommand.Create(console));
        model.Subcommands.Add(ModelChatCommand.Create(console));
        return model;
    }
}
