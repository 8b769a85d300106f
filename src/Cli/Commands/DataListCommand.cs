using System.CommandLine;
using System.Globalization;
using InstructLab.Aspire.Contracts.Generation.V1;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary><c>lab data list</c>: the suite's generation jobs, newest first.</summary>
internal static class DataListCommand
{
    private static readonly Option<bool> Json = new("--json") { Description = "Print JSON for scripts." };

    private static readonly Option<int> Limit = new("--limit") { Description = "At most this many jobs.", DefaultValueFactory = _ => 50 };

    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("list", "Generation jobs of the running suite, newest first.");
        command.Options.Add(Json);
        command.Options.Add(Limit);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            using var suite = DataCommands.Client(parseResult);
            var jobs = await DataGenerateCommand.Call(() => suite.Generation.ListJobsAsync(new ListJobsRequest { Limit = parseResult.GetValue(Limit) }, cancellationToken: cancellationToken).ResponseAsync);
            if (parseResult.GetValue(Json))
            {
                console.Profile.Out.Writer.WriteLine(ProtoJson.Formatter.Format(jobs));
                return ExitCodes.Ok;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumns("job", "name", "state", "submitted", "batches", "kept", "lines (phase 1 / 2)");
            foreach (var job in jobs.Jobs)
            {
                table.AddRow(
                    Markup.Escape(job.Id),
                    Markup.Escape(job.Name),
                    job.State.ToString().ToLowerInvariant(),
                    job.SubmittedAt.ToDateTimeOffset().ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    $"{job.Progress.BatchesDone}/{job.Progress.BatchesTotal}",
                    job.Progress.SamplesKept.ToString(CultureInfo.InvariantCulture),
                    job.Dataset is { } dataset ? $"{dataset.KnowledgeLines} / {dataset.SkillsLines}" : "");
            }
            console.Write(table);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
