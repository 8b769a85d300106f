using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace InstructLab.Aspire.Training.Reports;

/// <summary>
/// Writes beside the model: <c>NAME.model-card.json|md</c> (what the model is made of) and
/// <c>NAME.training-report.json|md</c> with <c>NAME.training-curves.png</c> (every step's loss and learning rate).
/// </summary>
public static class ReportWriter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static TrainingArtifacts Write(ModelCard card, string modelPath)
    {
        var stem = modelPath.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase) ? modelPath[..^5] : modelPath;
        var artifacts = new TrainingArtifacts(modelPath, stem + ".model-card.json", stem + ".model-card.md", stem + ".training-report.json",
            stem + ".training-report.md", stem + ".training-curves.png");
        var withoutHistory = card with { Phases = [.. card.Phases.Select(p => p with { History = [] })] };
        File.WriteAllText(artifacts.ModelCardJson, JsonSerializer.Serialize(withoutHistory, Json));
        File.WriteAllText(artifacts.ModelCardMarkdown, Markdown(card, curves: null));
        File.WriteAllText(artifacts.ReportJson, JsonSerializer.Serialize(card, Json));
        CurvesChart.Write(card.Phases, artifacts.Curves);
        File.WriteAllText(artifacts.ReportMarkdown, Markdown(card, Path.GetFileName(artifacts.Curves)));
        return artifacts;
    }

    /// <summary>A model card as <see cref="Write"/> wrote it to the training report (every step's history kept).</summary>
    public static ModelCard ReadReport(string reportJson) =>
        JsonSerializer.Deserialize<ModelCard>(File.ReadAllText(reportJson), Json) ?? throw new InvalidDataException($"{reportJson}: empty training report");

    private static string Markdown(ModelCard card, string? curves)
    {
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine(c, $"# {card.Name}{(curves is null ? "" : ": training report")}").AppendLine();
        md.AppendLine(c, $"Fine-tuned from `{Path.GetFileName(card.BaseModel)}` (sha256 `{card.BaseModelSha256}`, {card.Architecture}, {card.Parameters:N0} parameters) ")
          .AppendLine(c, $"by {card.Engine} on {card.Created:yyyy-MM-dd HH:mm} UTC: {card.Method}, strategy {card.Strategy}, seed {card.Seed}, on {card.Device}, in {TimeSpan.FromSeconds(card.WallSeconds):hh\\:mm\\:ss}.")
          .AppendLine()
          .AppendLine(c, $"Trained parameters: {card.TrainedParameters:N0}. Chat template: {card.ChatTemplate}. Samples limited to {card.MaxSequenceLength} tokens. Loss: {card.LossReduction}. Exported as {card.ExportType}.")
          .AppendLine();
        md.AppendLine("| phase | data (sha256) | lines | bad | dropped | samples | epochs | lr | effective batch | warm-up | steps | tokens seen | first loss | final loss | time |")
          .AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var p in card.Phases)
        {
            var dropped = p.Dropped.Count == 0 ? "0" : string.Join(", ", p.Dropped.Select(d => $"{d.Value} {d.Key}"));
            md.AppendLine(c, $"| {p.Phase} | `{Path.GetFileName(p.DataFile)}` (`{p.DataSha256[..12]}…`) | {p.Lines} | {p.BadLines} | {dropped} | {p.Samples} | {p.Settings.Epochs} | {p.Settings.LearningRate:G3} | {p.Settings.EffectiveBatchSize} | {p.Settings.WarmupSteps} | {p.Steps} | {p.TokensSeen:N0} | {p.FirstLoss:0.0000} | {p.FinalLoss:0.0000} | {TimeSpan.FromSeconds(p.Seconds):hh\\:mm\\:ss} |");
        }
        if (card.Selection is { } selection)
        {
            md.AppendLine().AppendLine(c, $"Exported: {selection.Phase} epoch {selection.ChosenEpoch} (step {selection.ChosenStep}), {selection.Metric} ({selection.HeldOutSamples} held-out samples):").AppendLine();
            var mtBench = selection.Candidates.Any(s => s.MtBenchBranch is not null);
            var mmlu = selection.Candidates.Any(s => s.MmluBranch is not null);
            md.AppendLine(c, $"| epoch | step | held-out loss |{(mtBench ? " MT-Bench-branch |" : "")}{(mmlu ? " MMLU-branch |" : "")} |")
              .AppendLine(c, $"|---|---|---|{(mtBench ? "---|" : "")}{(mmlu ? "---|" : "")}---|");
            foreach (var candidate in selection.Candidates)
            {
                md.AppendLine(c, $"| {candidate.Epoch} | {candidate.Step} | {candidate.Loss:0.0000} |{(mtBench ? $" {candidate.MtBenchBranch?.ToString("0.00", c) ?? "-"} |" : "")}{(mmlu ? $" {candidate.MmluBranch?.ToString("0.000", c) ?? "-"} |" : "")} {(candidate.Epoch == selection.ChosenEpoch ? "exported" : "")} |");
            }
        }
        if (card.Lineage is { Count: > 0 } lineage)
        {
            md.AppendLine().AppendLine("Lineage:").AppendLine();
            foreach (var (key, value) in lineage)
            {
                md.AppendLine(c, $"- {key}: {value}");
            }
        }
        var warnings = card.Phases.SelectMany(p => p.Warnings).ToList();
        if (warnings.Count > 0)
        {
            md.AppendLine().AppendLine("Adapted to the data:").AppendLine();
            warnings.ForEach(w => md.AppendLine(c, $"- {w}"));
        }
        if (curves is not null)
        {
            md.AppendLine().AppendLine(c, $"![loss and learning rate]({curves})").AppendLine();
            md.AppendLine("| phase | step | epoch | loss | learning rate | gradient norm | tokens/s |").AppendLine("|---|---|---|---|---|---|---|");
            foreach (var p in card.Phases)
            {
                foreach (var h in p.History)
                {
                    md.AppendLine(c, $"| {p.Phase} | {h.Step} | {h.Epoch} | {h.Loss:0.0000} | {h.LearningRate:G3} | {h.GradientNorm:0.000} | {h.TokensPerSecond:0} |");
                }
            }
        }
        return md.ToString();
    }
}
