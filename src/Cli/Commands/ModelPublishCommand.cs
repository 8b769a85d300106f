using System.CommandLine;
using InstructLab.Aspire.Contracts.Training;
using InstructLab.Aspire.Contracts.Training.V1;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary>
/// <c>lab model publish FILE.gguf --id NAME</c> and <c>lab model rm NAME</c>: a GGUF from this machine served by the
/// running suite under an id (its next version; every serving instance, no restart), and taken away again. The file
/// goes to the training service, which stores it where trained models are and announces it.
/// </summary>
internal static class ModelPublishCommand
{
    private static readonly Argument<string> File = new("file") { Description = "The GGUF file." };

    private static readonly Option<string> Id = new("--id") { Description = "The id clients will use (letters, digits and . _ - :).", Required = true };

    private static readonly Option<string?> ChatTemplate = new("--chat-template") { Description = "A Jinja template or llama.cpp built-in name, when the GGUF's own should not be used." };

    private static readonly Argument<string> RemovedId = new("id") { Description = "The published model's id (lab model list)." };

    private static readonly Option<bool> Json = new("--json") { Description = "Print JSON for scripts." };

    public static Command Publish(IAnsiConsole console)
    {
        var command = new Command("publish", "Serve a GGUF from this machine in the running suite under an id (a new version when the id exists).");
        command.Arguments.Add(File);
        command.Options.Add(Id);
        command.Options.Add(ChatTemplate);
        command.Options.Add(Json);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            var path = parseResult.GetRequiredValue(File);
            if (!System.IO.File.Exists(path))
            {
                throw new LabException($"{path} does not exist");
            }
            using var suite = TrainCommands.Client(parseResult);
            var published = await TrainingJobPrinter.Call(() => ModelUpload.PublishAsync(suite.Training, path, parseResult.GetRequiredValue(Id),
                parseResult.GetValue(ChatTemplate), cancellationToken));
            if (parseResult.GetValue(Json))
            {
                console.Profile.Out.Writer.WriteLine(ProtoJson.Formatter.Format(published));
            }
            else
            {
                console.MarkupLine(Markup.Escape($"Published {published.ModelId} version {published.Version} ({published.Bytes:N0} bytes, SHA-256 {published.Sha256}); "
                    + $"serving answers to it now: lab model chat -m {published.ModelId}"));
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    public static Command Remove(IAnsiConsole console)
    {
        var command = new Command("rm", "Stop serving a published model and delete its versions from the suite's artifact store.");
        command.Arguments.Add(RemovedId);
        command.Options.Add(Json);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            using var suite = TrainCommands.Client(parseResult);
            var removed = await TrainingJobPrinter.Call(() => suite.Training.RemoveModelAsync(new RemoveModelRequest { ModelId = parseResult.GetRequiredValue(RemovedId) },
                cancellationToken: cancellationToken).ResponseAsync);
            if (parseResult.GetValue(Json))
            {
                console.Profile.Out.Writer.WriteLine(ProtoJson.Formatter.Format(removed));
            }
            else
            {
                console.MarkupLine(Markup.Escape($"Removed {removed.ModelId} ({removed.Versions} version(s)); serving no longer answers to it."));
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
