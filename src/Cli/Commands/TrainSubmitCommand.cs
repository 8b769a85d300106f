using System.CommandLine;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary>
/// <c>lab train submit</c>: submits a training job, then prints its progress until it ends (<c>--detach</c>: print the
/// job id and return). Exit 0 completed (or detached), 1 failed or cancelled, 2 refused or no suite.
/// </summary>
internal static class TrainSubmitCommand
{
    private static readonly Option<bool> Detach = new("--detach") { Description = "Print the job id and return; watch later with lab train show --watch." };

    private static readonly Option<bool> Json = new("--json") { Description = "Print the job as JSON when it ends (with --detach: at once)." };

    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("submit", "Fine-tune a student on a generated dataset in the suite; the model is published and served when done.");
        TrainSubmitOptions.AddTo(command);
        command.Options.Add(Detach);
        command.Options.Add(Json);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            var request = TrainSubmitOptions.Request(parseResult);
            using var suite = TrainCommands.Client(parseResult);
            var job = await TrainingJobPrinter.Call(() => suite.Training.SubmitJobAsync(request, cancellationToken: cancellationToken).ResponseAsync);
            if (!parseResult.GetValue(Json))
            {
                console.MarkupLine(Markup.Escape($"training job {job.Id} queued: {job.OutputModelId} version {job.Version} from {job.BaseModel}"));
            }
            if (!parseResult.GetValue(Detach))
            {
                job = await TrainingJobPrinter.WatchAsync(console, suite, job.Id, quiet: parseResult.GetValue(Json), cancellationToken);
            }
            if (parseResult.GetValue(Json))
            {
                console.Profile.Out.Writer.WriteLine(ProtoJson.Formatter.Format(job));
            }
            else
            {
                TrainingJobPrinter.Summary(console, job);
            }
            return job.State is Contracts.Training.V1.TrainingJobState.Failed or Contracts.Training.V1.TrainingJobState.Cancelled ? ExitCodes.Failed : ExitCodes.Ok;
        }));
        return command;
    }
}
