using System.CommandLine;
using InstructLab.Aspire.Gguf.Format;
using InstructLab.Aspire.Gguf.Inspection;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary>
/// <c>lab model inspect FILE</c>: a GGUF's summary (shape, tokenizer, weight types, size), its metadata and its
/// tensor table. Exit 0, or 2 when the file cannot be read (the message names the file and offset).
/// </summary>
internal static class ModelInspectCommand
{
    private static readonly Argument<string> File = new("file") { Description = "The GGUF file." };

    private static readonly Option<bool> Json = new("--json") { Description = "Print JSON for scripts." };

    private static readonly Option<bool> NoTensors = new("--no-tensors") { Description = "Leave out the tensor table." };

    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("inspect", "Print a GGUF model's metadata summary and tensor table.");
        command.Arguments.Add(File);
        command.Options.Add(Json);
        command.Options.Add(NoTensors);
        command.SetAction((parseResult, _) => CommandRunner.RunAsync(console, () =>
        {
            var file = Open(parseResult.GetRequiredValue(File));
            var withTensors = !parseResult.GetValue(NoTensors);
            if (parseResult.GetValue(Json))
            {
                console.Profile.Out.Writer.WriteLine(ModelJson.Format(file, GgufSummary.Of(file), withTensors));
            }
            else
            {
                ModelPrinter.Print(console, file, GgufSummary.Of(file), withTensors);
            }
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }

    private static GgufFile Open(string path)
    {
        try
        {
            return GgufFile.Open(path);
        }
        catch (Exception e) when (e is GgufFormatException or IOException or UnauthorizedAccessException)
        {
            throw new LabException(e.Message);
        }
    }
}
