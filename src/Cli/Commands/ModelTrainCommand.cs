using System.CommandLine;
using System.Text.Json;
using InstructLab.Aspire.Training;
using InstructLab.Aspire.Training.Phases;
using InstructLab.Aspire.Training.Progress;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary>
/// <c>lab model train --model base.gguf --knowledge-data … --skills-data … --output student.gguf</c>: LAB multiphase
/// fine-tuning on this machine, like <c>ilab model train --strategy lab-multiphase</c>. Ctrl+C (or SIGTERM) writes a
/// checkpoint at the next step boundary; the same command resumes from it. Exit 0 trained, 2 bad input, 130 stopped.
/// </summary>
internal static class ModelTrainCommand
{
    private static readonly Option<bool> Json = new("--json") { Description = "No progress; print the model card and the files written as JSON at the end" };

    private static readonly JsonSerializerOptions JsonOutput = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("train", "Fine-tune a GGUF model on InstructLab datasets: knowledge, then skills; resumable; writes GGUF, model card and report.");
        ModelTrainOptions.AddTo(command);
        command.Options.Add(Json);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            var request = ModelTrainOptions.Request(parseResult);
            var json = parseResult.GetValue(Json);
            var view = new TrainingProgressView(console, quiet: json);
            TrainingResult result;
            try
            {
                result = await Task.Run(() => TrainingRun.Run(request, view, cancellationToken), CancellationToken.None);
            }
            catch (TrainingInputException e)
            {
                throw new LabException(e.Message);
            }
            catch (TrainingInterruptedException e)
            {
                console.MarkupLine($"[yellow]Stopped.[/] Checkpoint: {Markup.Escape(e.Checkpoint)}. Run the same command again to resume.");
                return ExitCodes.Interrupted;
            }
            finally
            {
                view.Dispose();
            }
            if (json)
            {
                console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(new { result.Artifacts, ModelCard = result.Card with { Phases = [.. result.Card.Phases.Select(p => p with { History = [] })] } }, JsonOutput));
            }
            else
            {
                console.MarkupLine($"[green]Wrote[/] {Markup.Escape(result.Artifacts.Model)} in {TimeSpan.FromSeconds(result.Card.WallSeconds):hh\\:mm\\:ss}; "
                    + string.Join(", ", result.Card.Phases.Select(p => $"{p.Phase} loss {p.FirstLoss:0.000} → {p.FinalLoss:0.000}")));
                console.MarkupLine($"Model card: {Markup.Escape(result.Artifacts.ModelCardMarkdown)}; report: {Markup.Escape(result.Artifacts.ReportMarkdown)}");
                console.MarkupLine($"Serve it: [bold]lab model serve --model {Markup.Escape(result.Artifacts.Model)}[/]");
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
