using System.CommandLine;
using InstructLab.Aspire.Contracts.Generation.V1;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary><c>lab data show ID</c>: a job's progress and, once it has completed, its data card.</summary>
internal static class DataShowCommand
{
    private static readonly Argument<string> Id = new("id") { Description = "The job's id (lab data list shows them)." };

    private static readonly Option<bool> Json = new("--json") { Description = "Print the data card's JSON (or the job's, before it has completed)." };

    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("show", "A generation job's progress and data card.");
        command.Arguments.Add(Id);
        command.Options.Add(Json);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            using var suite = DataCommands.Client(parseResult);
            var request = new GetJobRequest { JobId = parseResult.GetRequiredValue(Id) };
            var job = await DataGenerateCommand.Call(() => suite.Generation.GetJobAsync(request, cancellationToken: cancellationToken).ResponseAsync);
            var card = job.State == JobState.Completed
                ? await DataGenerateCommand.Call(() => suite.Generation.GetDataCardAsync(request, cancellationToken: cancellationToken).ResponseAsync)
                : null;
            if (parseResult.GetValue(Json))
            {
                console.Profile.Out.Writer.WriteLine(card?.Json ?? ProtoJson.Formatter.Format(job));
            }
            else
            {
                JobPrinter.Summary(console, job);
                if (card is not null)
                {
                    console.WriteLine();
                    console.Profile.Out.Writer.WriteLine(card.Markdown);
                }
            }
            return job.State is JobState.Failed or JobState.Cancelled ? ExitCodes.Failed : ExitCodes.Ok;
        }));
        return command;
    }
}
