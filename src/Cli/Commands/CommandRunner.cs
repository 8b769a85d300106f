using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary>Turns a command's <see cref="LabException"/> into one red line and its exit code.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(IAnsiConsole console, Func<Task<int>> command)
    {
        try
        {
            return await command();
        }
        catch (LabException e)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return e.ExitCode;
        }
    }
}
