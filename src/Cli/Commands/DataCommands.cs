using System.CommandLine;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary><c>lab data …</c>: synthetic data generation jobs of the running suite.</summary>
internal static class DataCommands
{
    public static Command Create(IAnsiConsole console)
    {
        var data = new Command("data", "Generate synthetic training data from a taxonomy; list jobs and show their data cards.");
        data.Subcommands.Add(DataGenerateCommand.Create(console));
        data.Subcommands.Add(DataListCommand.Create(console));
        data.Subcommands.Add(DataShowCommand.Create(console));
        return data;
    }

    /// <summary>The suite's generation service, found like every other service (flags, environment, endpoints file).</summary>
    internal static Suite.SuiteClient Client(ParseResult parseResult) =>
        new(Suite.SuiteLocator.FromProcessEnvironment().Locate([Contracts.ResourceNames.Generation],
            parseResult.GetValue(GlobalOptions.Endpoints), parseResult.GetValue(GlobalOptions.EndpointsFile)));
}
