using System.Globalization;
using System.Text.Json;
using InstructLab.Aspire.Contracts.Judging.V1;
using InstructLab.Aspire.Evaluations.Reports;
using Spectre.Console;
using EvaluationReportJson = InstructLab.Aspire.Evaluations.Reports.EvaluationReport;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary>How lab prints evaluations for people: the headline, then a table per group (deltas on branch runs), per turn, and the worst items.</summary>
internal static class EvaluationPrinter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Score(string metric, double value) => Figures.Score(metric, value);

    public static void Print(IAnsiConsole console, Evaluation evaluation, Contracts.Judging.V1.EvaluationReport? report)
    {
        var state = evaluation.State switch
        {
            EvaluationState.Completed => "[green]completed[/]",
            EvaluationState.Failed => "[red]failed[/]",
            EvaluationState.Cancelled => "[yellow]cancelled[/]",
            var other => other.ToString().ToLowerInvariant(),
        };
        console.MarkupLine($"evaluation [bold]{Markup.Escape(evaluation.Id)}[/] ({Markup.Escape(evaluation.Name)}): {state}");
        if (evaluation.Error is { Length: > 0 } error)
        {
            console.MarkupLine($"[red]{Markup.Escape(error)}[/]");
        }
        var parsed = report is null ? null : JsonSerializer.Deserialize<EvaluationReportJson>(report.Json, Json);
        if (parsed is null)
        {
            console.MarkupLine(Markup.Escape($"{evaluation.ItemsDone}/{evaluation.ItemsTotal} items, {Score(evaluation.Metric, evaluation.Score)} so far, {evaluation.Errors} errors"));
            return;
        }
        var headline = $"{parsed.Benchmark} of {parsed.Model}: {(parsed.Metric == "accuracy" ? "accuracy" : "mean rating")} {Score(parsed.Metric, parsed.Overall.Score)}";
        if (parsed.BaseOverall is { } baseOverall)
        {
            headline += $" (base {parsed.BaseModel}: {Score(parsed.Metric, baseOverall.Score)})";
        }
        console.MarkupLine($"[bold]{Markup.Escape(headline)}[/]");
        if (parsed.Overall.Normalized is { } normalized)
        {
            console.MarkupLine(Markup.Escape($"length-normalised accuracy {Score(parsed.Metric, normalized)}"));
        }
        console.MarkupLine(Markup.Escape($"{parsed.Items} items, {parsed.Overall.Scored} scores, {parsed.Overall.Errors} errors ({Figures.Percent(parsed.Overall.ErrorRate)}), {parsed.Seconds:0.0} s"
            + (parsed.Judge is { } judge ? $", judge {judge}" : "")));
        var branch = parsed.BaseOverall is not null;
        var table = new Table().Border(TableBorder.Rounded).AddColumn("group");
        table.AddColumns(branch ? ["model", "base", "Δ", "verdict", "scores", "errors"] : ["score", "scores", "errors"]);
        foreach (var group in parsed.Groups)
        {
            var name = new Text(group.Group) { Overflow = Overflow.Ellipsis };
            var cells = branch
                ? new[] { Score(parsed.Metric, group.Model.Score), group.Base is { } b ? Score(parsed.Metric, b.Score) : "", Delta(parsed.Metric, group.Delta), group.Verdict ?? "" }
                : [Score(parsed.Metric, group.Model.Score)];
            table.AddRow([name, .. cells.Concat([group.Model.Scored.ToString(CultureInfo.InvariantCulture), group.Model.Errors.ToString(CultureInfo.InvariantCulture)]).Select(c => new Text(c))]);
        }
        console.Write(table);
        if (parsed.Turns.Count > 1)
        {
            console.MarkupLine(Markup.Escape(string.Join(", ", parsed.Turns.Select(t => $"turn {t.Turn}: {Score(parsed.Metric, t.Model.Score)}"))));
        }
        console.MarkupLine(Markup.Escape($"report: {evaluation.ReportMarkdownKey} (lab model evaluate show {evaluation.Id})"));
    }

    public static void List(IAnsiConsole console, IEnumerable<Evaluation> evaluations)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("id", "name", "state", "items", "score", "errors", "submitted");
        foreach (var e in evaluations)
        {
            table.AddRow(Markup.Escape(e.Id[..8]), Markup.Escape(e.Name), e.State.ToString().ToLowerInvariant(), $"{e.ItemsDone}/{e.ItemsTotal}",
                Score(e.Metric, e.Score), e.Errors.ToString(CultureInfo.InvariantCulture), e.SubmittedAt.ToDateTimeOffset().ToString("u", CultureInfo.InvariantCulture));
        }
        console.Write(table);
    }

    private static string Delta(string metric, double? delta) => Figures.Delta(metric, delta);
}
