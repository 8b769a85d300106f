using System.Globalization;
using System.Runtime.CompilerServices;
using Grpc.Core;
using InstructLab.Aspire.Cli.Suite;
using InstructLab.Aspire.Contracts.Training.V1;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary>Training jobs on the console: a line per progress update while watching, and a summary when they end.</summary>
internal static class TrainingJobPrinter
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static bool HasEnded(TrainingJob job) => job.State is TrainingJobState.Completed or TrainingJobState.Failed or TrainingJobState.Cancelled;

    /// <summary>Watches the job to its end; prints a line at most once a second (and at every state or phase change) unless quiet.</summary>
    public static async Task<TrainingJob> WatchAsync(IAnsiConsole console, SuiteClient suite, string jobId, bool quiet, CancellationToken cancellationToken)
    {
        TrainingJob? last = null;
        var printed = DateTime.MinValue;
        await foreach (var job in StreamAsync(suite, jobId, cancellationToken))
        {
            var changed = last is null || last.State != job.State || last.Progress?.Phase != job.Progress?.Phase;
            if (!quiet && (changed || DateTime.UtcNow - printed >= TimeSpan.FromSeconds(1)))
            {
                console.MarkupLine(Markup.Escape(Line(job)));
                printed = DateTime.UtcNow;
            }
            last = job;
        }
        return last ?? throw new LabException($"the training service sent nothing about job {jobId}");
    }

    public static string Line(TrainingJob job)
    {
        var state = job.State.ToString().ToLowerInvariant();
        if (job.Progress is not { } p || p.Phase is "")
        {
            return $"{state}: {job.OutputModelId} version {job.Version}";
        }
        var eta = p.EtaSeconds > 0 && !HasEnded(job) ? $", ETA {TimeSpan.FromSeconds(Math.Round(p.EtaSeconds)):c}" : "";
        return $"{state}: {p.Phase} epoch {p.Epoch}/{p.Epochs}, step {p.Step}/{p.TotalSteps}, loss {p.Loss.ToString("0.0000", C)}, "
            + $"lr {p.LearningRate.ToString("G3", C)}, {p.TokensPerSecond.ToString("0", C)} tokens/s{eta}";
    }

    /// <summary>A candidate checkpoint's scores: held-out loss, and MT-Bench-branch and MMLU-branch when the evaluation service scored it.</summary>
    public static string Score(EpochScore score)
    {
        var figures = new List<string>();
        if (!double.IsNaN(score.HeldOutLoss))
        {
            figures.Add($"held-out loss {score.HeldOutLoss.ToString("0.0000", C)}");
        }
        if (score.HasMtBenchBranch)
        {
            figures.Add($"MT-Bench-branch {score.MtBenchBranch.ToString("0.00", C)}");
        }
        if (score.HasMmluBranch)
        {
            figures.Add($"MMLU-branch {score.MmluBranch.ToString("0.000", C)}");
        }
        return $"{score.Phase} epoch {score.Epoch} (step {score.Step}): {(figures.Count == 0 ? "not scored" : string.Join(", ", figures))}";
    }

    public static void Summary(IAnsiConsole console, TrainingJob job)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("job", Markup.Escape(job.Id));
        grid.AddRow("state", job.State switch
        {
            TrainingJobState.Completed => "[green]completed[/]",
            TrainingJobState.Failed => "[red]failed[/]",
            var other => other.ToString().ToLowerInvariant(),
        });
        grid.AddRow("base model", Markup.Escape(job.BaseModel));
        grid.AddRow("output", Markup.Escape($"{job.OutputModelId} version {job.Version}"));
        foreach (var phase in job.Phases)
        {
            grid.AddRow(Markup.Escape(phase.Phase), Markup.Escape($"{phase.Samples} samples, {phase.Epochs} epochs, {phase.TotalSteps} steps ({phase.DataKey})"));
        }
        if (job.Progress is { Phase.Length: > 0 })
        {
            grid.AddRow("progress", Markup.Escape(Line(job)));
        }
        grid.AddRow("checkpoints", Markup.Escape($"{job.Checkpoints.Count} stored ({string.Join(", ", job.Checkpoints.Where(c => c.EpochEnd).Select(c => $"{c.Phase} epoch {c.Epoch}"))})"));
        foreach (var score in job.EpochScores)
        {
            grid.AddRow(score.Chosen ? "[green]published[/]" : "", Markup.Escape(Score(score)));
        }
        grid.AddRow("attempts", job.Attempts.ToString(C));
        foreach (var notice in job.Notices)
        {
            grid.AddRow("[yellow]notice[/]", Markup.Escape(notice));
        }
        if (job.Model is { } model)
        {
            grid.AddRow("model", Markup.Escape(model.ArtifactKey));
            grid.AddRow("model card", Markup.Escape(model.ModelCardMarkdownKey));
            grid.AddRow("report", Markup.Escape(model.ReportMarkdownKey));
        }
        if (job.Error is { Length: > 0 } error)
        {
            grid.AddRow("[red]error[/]", Markup.Escape(error));
        }
        console.Write(grid);
        if (job.ReportUrl is { Length: > 0 } url)
        {
            // Unwrapped, so that a terminal sees one link to open or copy.
            console.Profile.Out.Writer.WriteLine($"report page: {url}");
        }
    }

    private static async IAsyncEnumerable<TrainingJob> StreamAsync(SuiteClient suite, string jobId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var call = suite.Training.WatchJob(new GetTrainingJobRequest { JobId = jobId }, cancellationToken: cancellationToken);
        var stream = call.ResponseStream;
        while (await Call(() => stream.MoveNext(cancellationToken)))
        {
            yield return stream.Current;
        }
    }

    /// <summary>A refused or failed call as one line: the service's own message.</summary>
    internal static Task<T> Call<T>(Func<Task<T>> call) => ServiceCalls.RunAsync("the training service", call);
}
