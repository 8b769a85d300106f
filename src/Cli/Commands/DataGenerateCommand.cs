using System.CommandLine;
using Grpc.Core;
using InstructLab.Aspire.Cli.Suite;
using InstructLab.Aspire.Contracts.Generation.V1;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary>
/// <c>lab data generate [TAXONOMY]</c>: submits a generation job, then shows a progress bar per leaf until it ends
/// (<c>--detach</c>: print the job id and return). Exit 0 completed, 1 failed or cancelled, 2 refused or no suite.
/// </summary>
internal static class DataGenerateCommand
{
    private static readonly Option<bool> Detach = new("--detach") { Description = "Print the job id and return; watch later with lab data show." };

    private static readonly Option<bool> Json = new("--json") { Description = "Print the job as JSON when it ends (with --detach: at once)." };

    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("generate", "Generate synthetic data for a taxonomy's changed leaves with the suite's teacher and judge.");
        DataGenerateOptions.AddTo(command);
        command.Options.Add(Detach);
        command.Options.Add(Json);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            var request = DataGenerateOptions.Request(parseResult);
            if (!parseResult.GetValue(Json) && await PlainFolderNoticeAsync(request, cancellationToken) is { } notice)
            {
                console.MarkupLine($"[yellow]{Markup.Escape(notice)}[/]");
            }
            using var suite = DataCommands.Client(parseResult);
            var submitted = await Call(() => suite.Generation.SubmitJobAsync(request, cancellationToken: cancellationToken).ResponseAsync);
            var job = submitted.Job;
            if (!parseResult.GetValue(Detach))
            {
                job = parseResult.GetValue(Json) || !console.Profile.Capabilities.Interactive
                    ? await WatchQuietlyAsync(console, suite, submitted.JobId, printLines: !parseResult.GetValue(Json), cancellationToken)
                    : await WatchWithBarsAsync(console, suite, job, cancellationToken);
            }
            if (parseResult.GetValue(Json))
            {
                console.Profile.Out.Writer.WriteLine(ProtoJson.Formatter.Format(job));
            }
            else
            {
                JobPrinter.Summary(console, job);
            }
            return job.State is JobState.Completed or JobState.Running or JobState.Mixing ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }

    /// <summary>What the taxonomy service does with a local folder that is not a git repository: every leaf, said up front.</summary>
    private static async Task<string?> PlainFolderNoticeAsync(SubmitJobRequest request, CancellationToken cancellationToken) =>
        request.Taxonomy.LocalPath is { Length: > 0 } folder && request.Base != Taxonomy.Git.TaxonomyDiff.Empty && Directory.Exists(folder)
            && !await Taxonomy.Git.TaxonomyDiff.InGitRepositoryAsync(folder, cancellationToken)
            ? $"{folder} is not a git repository, so every leaf is taken (as with --base {Taxonomy.Git.TaxonomyDiff.Empty})"
            : null;

    /// <summary>A progress bar per leaf (rows done of rows) and one for the whole job, with samples kept and the ETA.</summary>
    private static async Task<Job> WatchWithBarsAsync(IAnsiConsole console, SuiteClient suite, Job job, CancellationToken cancellationToken)
    {
        var last = job;
        await console.Progress().AutoClear(false).HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var total = progress.AddTask("[bold]all leaves[/]", maxValue: Math.Max(1, job.Progress.RowsTotal));
                var leaves = job.Leaves.Select(leaf => progress.AddTask(Markup.Escape(leaf.Leaf), maxValue: Math.Max(1, leaf.Progress.RowsTotal))).ToList();
                await foreach (var seen in WatchAsync(suite, job.Id, cancellationToken))
                {
                    last = seen;
                    total.Value = seen.Progress.RowsDone;
                    total.Description = $"[bold]all leaves[/] {seen.Progress.SamplesKept} kept, {seen.State.ToString().ToLowerInvariant()}";
                    for (var i = 0; i < leaves.Count && i < seen.Leaves.Count; i++)
                    {
                        leaves[i].Value = seen.Leaves[i].Progress.RowsDone;
                        leaves[i].Description = $"{Markup.Escape(seen.Leaves[i].Leaf)} [grey]{seen.Leaves[i].Progress.SamplesKept} kept[/]";
                    }
                }
                total.Value = total.MaxValue;
            });
        return last;
    }

    /// <summary>For scripts and logs: one line each time the number of finished batches changes.</summary>
    private static async Task<Job> WatchQuietlyAsync(IAnsiConsole console, SuiteClient suite, string jobId, bool printLines, CancellationToken cancellationToken)
    {
        Job? last = null;
        await foreach (var seen in WatchAsync(suite, jobId, cancellationToken))
        {
            if (printLines && (last is null || last.Progress.BatchesDone != seen.Progress.BatchesDone || last.State != seen.State))
            {
                console.MarkupLine(Markup.Escape($"{seen.State.ToString().ToLowerInvariant()}: {seen.Progress.BatchesDone}/{seen.Progress.BatchesTotal} batches, {seen.Progress.SamplesKept} samples kept"));
            }
            last = seen;
        }
        return last ?? throw new LabException($"the generation service sent nothing about job {jobId}");
    }

    private static async IAsyncEnumerable<Job> WatchAsync(SuiteClient suite, string jobId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var call = suite.Generation.WatchJob(new WatchJobRequest { JobId = jobId }, cancellationToken: cancellationToken);
        var stream = call.ResponseStream;
        while (await Call(() => stream.MoveNext(cancellationToken)))
        {
            yield return stream.Current;
        }
    }

    /// <summary>A refused or failed call as one line: the service's own message.</summary>
    internal static Task<T> Call<T>(Func<Task<T>> call) => ServiceCalls.RunAsync("the generation service", call);
}
