using System.CommandLine;
using InstructLab.Aspire.Contracts.Training.V1;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary><c>lab train cancel JOB</c>: stops a training job at its next step boundary; its checkpoints are kept.</summary>
internal static class TrainCancelCommand
{
    private static readonly Argument<string> Job = new("job") { Description = "The job id (lab train list)." };

    private static readonly Option<bool> Json = new("--json") { Description = "Print JSON for scripts." };

    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("cancel", "Stop a training job at its next step; its checkpoints stay in the artifact store.");
        command.Arguments.Add(Job);
        command.Options.Add(Json);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            using var suite = TrainCommands.Client(parseResult);
            var id = parseResult.GetRequiredValue(Job);
            var job = await TrainingJobPrinter.Call(() => suite.Training.CancelJobAsync(new GetTrainingJobRequest { JobId = id }, cancellationToken: cancellationToken).ResponseAsync);
            if (parseResult.GetValue(Json))
            {
                console.Profile.Out.Writer.WriteLine(ProtoJson.Formatter.Format(job));
            }
            else
            {
                TrainingJobPrinter.Summary(console, job);
            }
            return job.State == TrainingJobState.Cancelled ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }
}
