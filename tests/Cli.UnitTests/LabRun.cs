using Spectre.Console;

namespace InstructLab.Aspire.Cli.UnitTests;

/// <summary>Runs lab in-process with a console that records what it prints.</summary>
internal static class LabRun
{
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var written = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(written),
        });
        console.Profile.Width = 200;
        var exitCode = await LabCli.RunAsync(args, console, TestContext.Current.CancellationToken);
        return (exitCode, written.ToString());
    }
}
