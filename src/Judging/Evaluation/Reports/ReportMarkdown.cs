using System.Globalization;
using System.Text;

namespace InstructLab.Aspire.Evaluations.Reports;

/// <summary>The report for people: the headline figure, a table per subject/category/leaf (with deltas against the base), per turn, the worst items, the data.</summary>
public static class ReportMarkdown
{
    public static string Write(EvaluationReport report)
    {
        var accuracy = report.Metric == Benchmarks.Accuracy;
        string Score(double value) => Figures.Score(report.Metric, value);
        string Delta(double? value) => Figures.Delta(report.Metric, value);
        string Rate(Figure f) => Figures.Percent(f.ErrorRate);

        var md = new StringBuilder();
        md.Append("# ").Append(report.Name).Append("\n\n");
        md.Append("| | |\n|---|---|\n");
        md.Append("| Benchmark | ").Append(report.Benchmark).Append(report.Mode is { Length: > 0 } mode ? $" ({mode}" + (report.Benchmark == Benchmarks.Mmlu ? $", {report.FewShots}-shot)" : ")") : "").Append(" |\n");
        md.Append("| Model | ").Append(Cell(report.Model)).Append(report.ModelUrl is { Length: > 0 } url ? $" at {Cell(url)}" : "").Append(" |\n");
        if (report.BaseModel is { } baseModel)
        {
            md.Append("| Base model | ").Append(Cell(baseModel)).Append(" |\n");
        }
        if (report.Judge is { } judge)
        {
            md.Append("| Judge | ").Append(Cell(judge)).Append(" |\n");
        }
        md.Append("| ").Append(accuracy ? "Accuracy" : "Mean rating").Append(" | **").Append(Score(report.Overall.Score)).Append("**");
        if (report.BaseOverall is { } baseOverall)
        {
            md.Append(" (base ").Append(Score(baseOverall.Score)).Append(", ").Append(Delta(report.Overall.Score - baseOverall.Score)).Append(')');
        }
        md.Append(" |\n");
        if (report.Overall.Normalized is { } normalized)
        {
            md.Append("| Accuracy, length-normalised | ").Append(Score(normalized)).Append(" |\n");
        }
        md.Append("| Items | ").Append(report.Items).Append(" (").Append(report.Overall.Scored).Append(" scores, ").Append(report.Overall.Errors).Append(" errors: ").Append(Rate(report.Overall)).Append(") |\n");
        md.Append("| Time | ").Append(report.Seconds.ToString("0.0", CultureInfo.InvariantCulture)).Append(" s, finished ").Append(report.FinishedAt.ToString("u", CultureInfo.InvariantCulture)).Append(" |\n\n");

        var branch = report.BaseOverall is not null;
        md.Append(branch ? "## Per leaf\n\n| Group | Model | Base | Δ | Verdict | Scores | Errors |\n|---|---:|---:|---:|---|---:|---:|\n"
            : "## Per group\n\n| Group | Score | Scores | Errors |\n|---|---:|---:|---:|\n");
        foreach (var group in report.Groups)
        {
            md.Append("| ").Append(Cell(group.Group)).Append(" | ").Append(Score(group.Model.Score));
            if (branch)
            {
                md.Append(" | ").Append(group.Base is { } b ? Score(b.Score) : "").Append(" | ").Append(Delta(group.Delta)).Append(" | ").Append(group.Verdict);
            }
            md.Append(" | ").Append(group.Model.Scored).Append(" | ").Append(group.Model.Errors).Append(" |\n");
        }
        if (report.Turns.Count > 0)
        {
            md.Append("\n## Per turn\n\n| Turn | Mean rating | Ratings | Errors |\n|---:|---:|---:|---:|\n");
            foreach (var turn in report.Turns)
            {
                md.Append("| ").Append(turn.Turn).Append(" | ").Append(Score(turn.Model.Score)).Append(" | ").Append(turn.Model.Scored).Append(" | ").Append(turn.Model.Errors).Append(" |\n");
            }
        }
        if (report.Worst.Count > 0)
        {
            md.Append("\n## Worst items\n\n| Item | Question | Answer | Expected | ").Append(accuracy ? "Error" : "Rating").Append(" |\n|---|---|---|---|---|\n");
            foreach (var item in report.Worst)
            {
                md.Append("| ").Append(Cell(item.Id)).Append(" | ").Append(Cell(Short(item.Question))).Append(" | ").Append(Cell(Short(item.Answer)))
                    .Append(" | ").Append(Cell(Short(item.Expected))).Append(" | ")
                    .Append(Cell(item.Error ?? (accuracy ? "" : item.Score?.ToString("0.#", CultureInfo.InvariantCulture) ?? ""))).Append(" |\n");
            }
        }
        md.Append("\n## Data\n\n| File | Bytes | SHA-256 |\n|---|---:|---|\n");
        foreach (var file in report.Data)
        {
            md.Append("| ").Append(Cell(file.Path)).Append(" | ").Append(file.Bytes).Append(" | `").Append(file.Sha256).Append("` |\n");
        }
        return md.ToString();
    }

    private static string Short(string text) => text.Length > 160 ? text[..160] + "…" : text;

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal).Replace("\n", "<br>", StringComparison.Ordinal);
}
