using System.CommandLine;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary><c>lab train …</c>: training jobs of the running suite (<c>lab model train</c> trains on this machine instead).</summary>
internal static class TrainCommands
{
    public static Command Create(IAnsiConsole console)
    {
        var train = new Command("train", "Fine-tune a student model in the running suite: submit, list, show and cancel training jobs.");
        train.Subcommands.Add(TrainSubmitCommand.Create(console));
        train.Subcommands.Add(TrainListCommand.Create(console));
        train.Subcommands.Add(TrainShowCommand.Create(console));
        train.Subcommands.Add(TrainCancelCommand.Create(console));
        return train;
    }

    /// <summary>The suite's training service, found like every other service (flags, environment, endpoints file).</summary>
    internal static Suite.SuiteClient Client(ParseResult parseResult) =>
        new(Suite.SuiteLocator.FromProcessEnvironment().Locate([Contracts.ResourceNames.Training],
            parseResult.GetValue(GlobalOptions.Endpoints), parseResult.GetValue(GlobalOptions.EndpointsFile)));
}
