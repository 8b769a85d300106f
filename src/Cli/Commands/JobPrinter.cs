using System.Globalization;
using InstructLab.Aspire.Contracts.Generation.V1;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary>How lab prints generation jobs for people.</summary>
internal static class JobPrinter
{
    public static void Summary(IAnsiConsole console, Job job)
    {
        var state = job.State switch
        {
            JobState.Completed => "[green]completed[/]",
            JobState.Failed => "[red]failed[/]",
            JobState.Cancelled => "[yellow]cancelled[/]",
            var other => other.ToString().ToLowerInvariant(),
        };
        console.MarkupLine($"job [bold]{Markup.Escape(job.Id)}[/] ({Markup.Escape(job.Name)}): {state}");
        if (job.Error is { Length: > 0 } error)
        {
            console.MarkupLine($"[red]{Markup.Escape(error)}[/]");
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumns("leaf", "pipeline", "rows", "batches", "generated", "kept");
        table.Columns[0].NoWrap();
        var rows = job.Leaves.Select(leaf => new[]
        {
            leaf.Pipeline, $"{leaf.Progress.RowsDone}/{leaf.Progress.RowsTotal}", $"{leaf.Progress.BatchesDone}/{leaf.Progress.BatchesTotal}",
            Number(leaf.Progress.SamplesGenerated), Number(leaf.Progress.SamplesKept),
        }).ToList();
        string[] headers = ["pipeline", "rows", "batches", "generated", "kept"];
        var width = LeafPaths.Width(console, [.. headers.Select((header, column) => (IReadOnlyList<string>)[header, .. rows.Select(r => r[column])])]);
        foreach (var (leaf, cells) in job.Leaves.Zip(rows))
        {
            table.AddRow([Markup.Escape(LeafPaths.ShortenLeft(leaf.Leaf, width)), .. cells.Select(Markup.Escape)]);
        }
        console.Write(table);
        var progress = job.Progress;
        console.MarkupLine(Markup.Escape($"teacher {job.TeacherModel} at {job.TeacherUrl}: {progress.TeacherCalls} calls ({progress.CachedCalls} from the cache), {progress.TeacherTokens} tokens; {progress.JudgeCalls} judgments"));
        if (progress.FailedAttempts > 0)
        {
            console.MarkupLine(Markup.Escape($"{progress.FailedAttempts} batch attempt(s) failed ({progress.TimedOutAttempts} stopped at the time limit); the last: {job.LastFailure}"));
        }
        if (job.Dataset is { } dataset)
        {
            console.MarkupLine(Markup.Escape($"phase 1: {dataset.KnowledgeKey} ({dataset.KnowledgeLines} lines)"));
            console.MarkupLine(Markup.Escape($"phase 2: {dataset.SkillsKey} ({dataset.SkillsLines} lines)"));
            if (dataset.MmluBranchKey is { Length: > 0 } mmlu)
            {
                console.MarkupLine(Markup.Escape($"MMLU-branch: {mmlu} ({dataset.MmluBranchLines} questions; lab model evaluate -b mmlu_branch --data artifact:{mmlu})"));
            }
        }
    }

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
