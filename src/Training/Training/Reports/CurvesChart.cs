using ScottPlot;

namespace InstructLab.Aspire.Training.Reports;

/// <summary>Loss (left axis) and learning rate (right axis) over the run's steps, phases one after the other, as PNG.</summary>
public static class CurvesChart
{
    public static void Write(IReadOnlyList<PhaseSummary> phases, string path)
    {
        var plot = new Plot();
        var offset = 0L;
        foreach (var phase in phases)
        {
            var steps = phase.History.Select(h => (double)(offset + h.Step)).ToArray();
            var loss = plot.Add.ScatterLine(steps, phase.History.Select(h => h.Loss).ToArray());
            loss.LegendText = $"{phase.Phase} loss";
            loss.LineWidth = 2;
            var learningRate = plot.Add.ScatterLine(steps, phase.History.Select(h => h.LearningRate).ToArray());
            learningRate.LegendText = $"{phase.Phase} learning rate";
            learningRate.LinePattern = LinePattern.Dashed;
            learningRate.Axes.YAxis = plot.Axes.Right;
            if (offset > 0)
            {
                plot.Add.VerticalLine(offset + 0.5, pattern: LinePattern.Dotted);
            }
            offset += phase.Steps;
        }
        plot.Axes.Bottom.Label.Text = "optimizer step";
        plot.Axes.Left.Label.Text = "loss (mean over labelled tokens)";
        plot.Axes.Right.Label.Text = "learning rate";
        plot.Title("Training curves");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 1000, 520);
    }
}
