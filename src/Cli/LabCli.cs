using System.CommandLine;
using InstructLab.Aspire.Cli.Commands;
using Spectre.Console;

namespace InstructLab.Aspire.Cli;

/// <summary>The lab command line: an ilab-like client of a running suite.</summary>
public static class LabCli
{
    /// <summary>Runs one command line; returns the process exit code (see <see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("lab: the command line of InstructLab.Aspire (taxonomy, synthetic data, training, serving).");
        root.Options.Add(GlobalOptions.EndpointsFile);
        root.Options.Add(GlobalOptions.Endpoints);
        root.Subcommands.Add(SystemCommands.Create(console));
        root.Subcommands.Add(TaxonomyCommands.Create(console));
        root.Subcommands.Add(DataCommands.Create(console));
        root.Subcommands.Add(TrainCommands.Create(console));
        root.Subcommands.Add(CycleCommands.Create(console));
        root.Subcommands.Add(ModelCommands.Create(console));
        root.Subcommands.Add(ConfigCommands.Create(console));

        var output = new StringWriter();
        ParseResult parsed;
        int exitCode;
        try
        {
            // Defaults from lab's configuration file are read while parsing: a file that cannot be read stops here.
            parsed = root.Parse(args);
            exitCode = await parsed.InvokeAsync(new InvocationConfiguration
            {
                Output = output,
                Error = output,
                // Ctrl+C and SIGTERM cancel the command; training needs time to write its checkpoint before the process ends.
                ProcessTerminationTimeout = TimeSpan.FromMinutes(2),
            }, cancellationToken);
        }
        catch (LabException e)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return e.ExitCode;
        }
        // Help and parse errors come back as text; everything else was already written to the console.
        if (output.GetStringBuilder().Length > 0)
        {
            console.Profile.Out.Writer.Write(output.ToString());
        }
        return parsed.Errors.Count > 0 ? ExitCodes.Usage : exitCode;
    }
}
