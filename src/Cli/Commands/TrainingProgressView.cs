using System.Globalization;
using InstructLab.Aspire.Training.Progress;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary>
/// Shows a training run: in a terminal, one live line per phase (epoch, step/total, loss, learning rate, tokens/s,
/// ETA); otherwise one plain line per update (at most one a second, and every epoch's last step), for logs.
/// </summary>
internal sealed class TrainingProgressView(IAnsiConsole console, bool quiet) : IProgress<TrainingEvent>, IDisposable
{
    private readonly Lock gate = new();
    private DateTime lastLine = DateTime.MinValue;
    private StepCompleted? last;

    public void Report(TrainingEvent value)
    {
        if (quiet)
        {
            return;
        }
        lock (gate)
        {
            switch (value)
            {
                case TrainingNotice notice:
                    EndLiveLine();
                    console.MarkupLine(notice.Warning ? $"[yellow]warning:[/] {Markup.Escape(notice.Message)}" : Markup.Escape(notice.Message));
                    break;
                case PhaseStarted started:
                    EndLiveLine();
                    var s = started.Plan.Settings;
                    console.MarkupLine($"[bold]{started.Plan.Phase}[/]: {started.Plan.Samples} samples ({started.Plan.Tokens:N0} tokens), {s.Epochs} epochs × {started.Plan.StepsPerEpoch} steps, "
                        + $"lr {s.LearningRate.ToString("G3", CultureInfo.InvariantCulture)}, effective batch {s.EffectiveBatchSize}, warm-up {s.WarmupSteps}"
                        + (started.ResumedAtStep > 0 ? $", resuming after step {started.ResumedAtStep}" : ""));
                    break;
                case StepCompleted step:
                    Step(step);
                    break;
                case CheckpointSaved saved when saved.EpochEnd || console.Profile.Capabilities.Interactive is false:
                    EndLiveLine();
                    console.MarkupLine($"[grey]checkpoint {Markup.Escape(saved.Path)}[/]");
                    break;
                case PhaseCompleted:
                    EndLiveLine();
                    break;
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            EndLiveLine();
        }
    }

    private void Step(StepCompleted step)
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{step.Phase} epoch {step.Epoch}/{step.Epochs} step {step.Step}/{step.TotalSteps} loss {step.Loss:0.0000} lr {step.LearningRate:0.00e+00} {step.TokensPerSecond:0} tok/s ETA {step.Eta:hh\\:mm\\:ss}");
        if (console.Profile.Capabilities.Interactive)
        {
            var width = Math.Max(20, console.Profile.Width - 1);
            console.Profile.Out.Writer.Write("\r" + (text.Length > width ? text[..width] : text.PadRight(width)));
            last = step;
            return;
        }
        if (DateTime.UtcNow - lastLine >= TimeSpan.FromSeconds(1) || step.Step == step.TotalSteps || step.Step % Math.Max(1, step.TotalSteps / step.Epochs) == 0)
        {
            console.WriteLine(text);
            lastLine = DateTime.UtcNow;
        }
    }

    private void EndLiveLine()
    {
        if (last is not null && console.Profile.Capabilities.Interactive)
        {
            console.WriteLine();
        }
        last = null;
    }
}
