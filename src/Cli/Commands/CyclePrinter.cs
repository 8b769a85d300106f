using System.Globalization;
using Grpc.Core;
using InstructLab.Aspire.Cli.Suite;
using InstructLab.Aspire.Contracts.Training.V1;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary>LAB cycles on the console: a line per stage while watching, a summary and the per-leaf report when they end.</summary>
internal static class CyclePrinter
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static bool HasEnded(Cycle cycle) => cycle.State is CycleState.Completed or CycleState.Failed or CycleState.Cancelled;

    /// <summary>Watches the cycle to its end, printing each stage as it starts (unless quiet).</summary>
    public static async Task<Cycle> WatchAsync(IAnsiConsole console, SuiteClient suite, string id, bool quiet, CancellationToken cancellationToken)
    {
        Cycle? last = null;
        await Call(async () =>
        {
            using var call = suite.Cycles.Watch(new GetCycleRequest { Id = id }, cancellationToken: cancellationToken);
            await foreach (var cycle in call.ResponseStream.ReadAllAsync(cancellationToken))
            {
                if (!quiet && (last is null || last.State != cycle.State))
                {
                    console.MarkupLine(Markup.Escape(Line(cycle)));
                }
                last = cycle;
            }
            return last;
        });
        return last ?? throw new LabException($"the training service sent nothing about cycle {id}");
    }

    public static string Line(Cycle cycle) => cycle.State switch
    {
        CycleState.Generating => $"generating: generation job {cycle.GenerationJobId} (lab data show {cycle.GenerationJobId})",
        CycleState.Training => $"training: {cycle.OutputModelId} from {cycle.Student}" + (cycle.TrainingJobId is { Length: > 0 } job ? $" (lab train show {job})" : ""),
        CycleState.Evaluating => $"evaluating: {cycle.OutputModelId} version {cycle.ModelVersion} against {cycle.Student}",
        CycleState.Reporting => "reporting",
        var state => $"{state.ToString().ToLowerInvariant()}" + (cycle.Error is { Length: > 0 } error ? $": {error}" : ""),
    };

    public static void Summary(IAnsiConsole console, Cycle cycle)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("cycle", Markup.Escape(cycle.Id));
        grid.AddRow("state", cycle.State switch
        {
            CycleState.Completed => "[green]completed[/]",
            CycleState.Failed => "[red]failed[/]",
            var other => other.ToString().ToLowerInvariant(),
        });
        grid.AddRow("taxonomy", Markup.Escape($"{cycle.Taxonomy} (changed since {cycle.Base})"));
        grid.AddRow("trained from", Markup.Escape(cycle.Student));
        grid.AddRow("model", Markup.Escape(cycle.ModelVersion > 0 ? $"{cycle.OutputModelId} version {cycle.ModelVersion}" : cycle.OutputModelId));
        grid.AddRow("replay", Markup.Escape(cycle.ReplayDataset is { Length: > 0 } replay ? replay : "none"));
        grid.AddRow("generation job", Markup.Escape(cycle.GenerationJobId));
        if (cycle.TrainingJobId is { Length: > 0 } training)
        {
            grid.AddRow("training job", Markup.Escape(training));
        }
        foreach (var evaluation in cycle.EvaluationIds)
        {
            grid.AddRow("evaluation", Markup.Escape(evaluation));
        }
        foreach (var stage in cycle.Stages)
        {
            var took = stage.EndedAt is { } ended ? (ended.ToDateTimeOffset() - stage.StartedAt.ToDateTimeOffset()).ToString(@"hh\:mm\:ss", C) : "running";
            grid.AddRow(Markup.Escape(stage.Stage), took);
        }
        if (cycle.Error is { Length: > 0 } error)
        {
            grid.AddRow("[red]error[/]", Markup.Escape(error));
        }
        console.Write(grid);
    }

    /// <summary>
    /// The per-leaf before/after table of a completed cycle's report, fitted to the terminal: a leaf path is shortened
    /// from the left, never wrapped; the change column says "new" for a leaf the base ref does not have.
    /// </summary>
    public static void Report(IAnsiConsole console, CycleReport report)
    {
        using var json = System.Text.Json.JsonDocument.Parse(report.Json);
        var data = json.RootElement.GetProperty("data");
        console.MarkupLine(Markup.Escape($"data: {data.GetProperty("knowledgeLines").GetInt64()} knowledge lines, {data.GetProperty("skillsLines").GetInt64()} skills lines "
            + $"({data.GetProperty("replayLines").GetInt64()} replayed from the previous cycle)"));
        if (json.RootElement.TryGetProperty("checkpoints", out var checkpoints) && checkpoints.ValueKind == System.Text.Json.JsonValueKind.Object)
        {
            console.MarkupLine(Markup.Escape(Checkpoints(checkpoints)));
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumns("leaf", "kind", "benchmark", "base", "trained", "change");
        table.Columns[0].NoWrap();
        var leafWidth = Math.Max(16, console.Profile.Width - 58);
        foreach (var leaf in json.RootElement.GetProperty("leaves").EnumerateArray())
        {
            var kind = leaf.GetProperty("kind").GetString() ?? "";
            table.AddRow(
                Markup.Escape(LeafPaths.ShortenLeft(leaf.GetProperty("leaf").GetString() ?? "", leafWidth)),
                kind.EndsWith("skill", StringComparison.Ordinal) ? "skill" : Markup.Escape(kind),
                Text(leaf, "benchmark") switch { "mt_bench_branch" => "MT-Bench", "mmlu_branch" => "MMLU", null => "—", var other => Markup.Escape(other) },
                Number(leaf, "baseScore"),
                Number(leaf, "modelScore"),
                Text(leaf, "verdict") == "new" ? "new" : Number(leaf, "delta"));
        }
        console.Write(table);
    }

    /// <summary>
    /// The scored checkpoints in one line: each epoch with the scores it has (a benchmark that did not run, or no
    /// held-out samples, leaves its score out), the published one starred, and what decided.
    /// </summary>
    internal static string Checkpoints(System.Text.Json.JsonElement checkpoints)
    {
        var chosen = checkpoints.GetProperty("chosenEpoch").GetInt32();
        var candidates = checkpoints.GetProperty("candidates").EnumerateArray().Select(k =>
        {
            var scores = new[] { ("MT-Bench-branch", "mtBenchBranch", "0.00"), ("MMLU-branch", "mmluBranch", "0.000"), ("held-out loss", "heldOutLoss", "0.000") }
                .Where(score => k.TryGetProperty(score.Item2, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.Number)
                .Select(score => $"{score.Item1} {k.GetProperty(score.Item2).GetDouble().ToString(score.Item3, C)}")
                .DefaultIfEmpty("not scored");
            var epoch = k.GetProperty("epoch").GetInt32();
            return $"{(epoch == chosen ? "*" : "")}{epoch}: {string.Join(" ", scores)}";
        });
        return $"{checkpoints.GetProperty("phase").GetString()} epochs {string.Join(", ", candidates)}; * published, chosen by {Text(checkpoints, "metric") ?? "held-out loss"}";
    }

    /// <summary>The end of a path that fits in <paramref name="width"/> characters, "…" in front of what was cut.</summary>
    private static string? Text(System.Text.Json.JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString() : null;

    private static string Number(System.Text.Json.JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.Number ? value.GetDouble().ToString("0.000", C) : "";

    internal static Task<T> Call<T>(Func<Task<T>> call) => ServiceCalls.RunAsync("the training service", call);
}
