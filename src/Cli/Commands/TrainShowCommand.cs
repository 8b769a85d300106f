using System.CommandLine;
using InstructLab.Aspire.Contracts.Training.V1;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary><c>lab train show JOB [--watch] [--json]</c>: a training job's state, progress, checkpoints and published model.</summary>
internal static class TrainShowCommand
{
    private static readonly Argument<string> Job = new("job") { Description = "The job id (lab train list)." };

    private static readonly Option<bool> Watch = new("--watch") { Description = "Print progress until the job ends." };

    private static readonly Option<bool> Json = new("--json") { Description = "Print JSON for scripts." };

    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("show", "A training job of the running suite: progress, checkpoints, model, error.");
        command.Arguments.Add(Job);
        command.Options.Add(Watch);
        command.Options.Add(Json);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            using var suite = TrainCommands.Client(parseResult);
            var id = parseResult.GetRequiredValue(Job);
            var job = parseResult.GetValue(Watch)
                ? await TrainingJobPrinter.WatchAsync(console, suite, id, quiet: parseResult.GetValue(Json), cancellationToken)
                : await TrainingJobPrinter.Call(() => suite.Training.GetJobAsync(new GetTrainingJobRequest { JobId = id }, cancellationToken: cancellationToken).ResponseAsync);
            if (parseResult.GetValue(Json))
            {
                console.Profile.Out.Writer.WriteLine(ProtoJson.Formatter.Format(job));
            }
            else
            {
                TrainingJobPrinter.Summary(console, job);
            }
            return job.State is TrainingJobState.Failed or TrainingJobState.Cancelled ? ExitCodes.Failed : ExitCodes.Ok;
        }));
        return command;
    }
}
