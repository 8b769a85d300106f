using System.CommandLine;
using System.Globalization;
using InstructLab.Aspire.Contracts.Training.V1;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary><c>lab train list</c>: the suite's training jobs, newest first.</summary>
internal static class TrainListCommand
{
    private static readonly Option<bool> Json = new("--json") { Description = "Print JSON for scripts." };

    private static readonly Option<int> Limit = new("--limit") { Description = "At most this many jobs.", DefaultValueFactory = _ => 50 };

    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("list", "Training jobs of the running suite, newest first.");
        command.Options.Add(Json);
        command.Options.Add(Limit);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            using var suite = TrainCommands.Client(parseResult);
            var jobs = await TrainingJobPrinter.Call(() => suite.Training.ListJobsAsync(new ListTrainingJobsRequest { Limit = parseResult.GetValue(Limit) }, cancellationToken: cancellationToken).ResponseAsync);
            if (parseResult.GetValue(Json))
            {
                console.Profile.Out.Writer.WriteLine(ProtoJson.Formatter.Format(jobs));
                return ExitCodes.Ok;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumns("job", "name", "state", "submitted", "output", "step", "loss");
            foreach (var job in jobs.Jobs)
            {
                table.AddRow(
                    Markup.Escape(job.Id),
                    Markup.Escape(job.Name),
                    job.State.ToString().ToLowerInvariant(),
                    job.SubmittedAt.ToDateTimeOffset().ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    Markup.Escape($"{job.OutputModelId} v{job.Version}"),
                    job.Progress is { } p ? $"{p.Phase} {p.Step}/{p.TotalSteps}" : "",
                    job.Progress is { } q ? q.Loss.ToString("0.000", CultureInfo.InvariantCulture) : "");
            }
            console.Write(table);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
