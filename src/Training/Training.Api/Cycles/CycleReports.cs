using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Contracts.Generation.V1;
using InstructLab.Aspire.Contracts.Judging.V1;
using InstructLab.Aspire.Contracts.Taxonomy.V1;
using InstructLab.Aspire.Training.Api.Jobs;
using StackExchange.Redis;

namespace InstructLab.Aspire.Training.Api.Cycles;

/// <summary>
/// The cycle's last stage: gathers the data counts (generation), the model and version (training) and each
/// evaluation's per-leaf figures (judging) into the before/after report, and makes this cycle's phase-2 data the
/// replay buffer of the next cycle on the same model id.
/// </summary>
public sealed class CycleReports(SuiteClients clients, IArtifactStore store, IConnectionMultiplexer redis)
{
    /// <returns>The report's JSON key.</returns>
    public async Task<string> WriteAsync(CycleSaga cycle, CyclePlan plan, CancellationToken cancellationToken)
    {
        var generation = await clients.Generation.GetJobAsync(new GetJobRequest { JobId = plan.GenerationJobId.ToString() }, cancellationToken: cancellationToken);
        var dataset = generation.Dataset;
        var card = JsonNode.Parse(await store.ReadBytesAsync(dataset.DataCardKey, cancellationToken));
        var evaluations = new List<(CycleEvaluation Summary, JsonNode Report)>();
        foreach (var id in cycle.EvaluationIds)
        {
            var evaluation = await clients.Evaluation.GetAsync(new GetEvaluationRequest { Id = id.ToString() }, cancellationToken: cancellationToken);
            var figures = await clients.Evaluation.GetReportAsync(new GetEvaluationRequest { Id = id.ToString() }, cancellationToken: cancellationToken);
            evaluations.Add((new CycleEvaluation(id, evaluation.Benchmark, evaluation.Metric, evaluation.Score, evaluation.BaseScore, evaluation.ReportKey),
                JsonNode.Parse(figures.Json)!));
        }
        var report = new CycleReport
        {
            Id = cycle.CorrelationId,
            Name = plan.Name,
            Taxonomy = plan.Taxonomy,
            Base = plan.Base,
            TrainedFrom = plan.TrainFromLabel,
            Model = plan.OutputModelId,
            Version = cycle.ModelVersion,
            GenerationJobId = plan.GenerationJobId,
            TrainingJobId = CycleStageConsumer.TrainingJobId(plan.CycleId),
            Data = new CycleData(dataset.KnowledgeLines, dataset.SkillsLines, card?["replay_lines"]?.GetValue<long>() ?? 0, plan.ReplayDataset,
                dataset.KnowledgeKey, dataset.SkillsKey),
            Checkpoints = await CheckpointsAsync(plan.OutputModelId, cycle.ModelVersion, cancellationToken),
            Stages = [.. cycle.Stages.Where(s => s.EndedAt is not null).Select(s => new CycleStageSeconds(s.Stage, (s.EndedAt!.Value - s.StartedAt).TotalSeconds))],
            Leaves = [.. generation.Leaves.Select(leaf => Leaf(leaf, evaluations))],
            Evaluations = [.. evaluations.Select(e => e.Summary)],
        };
        var jsonKey = CycleKeys.ReportJson(cycle.CorrelationId);
        await store.PutJsonAsync(jsonKey, report, cancellationToken);
        await store.PutBytesAsync(CycleKeys.ReportMarkdown(cycle.CorrelationId), System.Text.Encoding.UTF8.GetBytes(Markdown(report)), "text/markdown", cancellationToken);
        if (dataset.SkillsKey is { Length: > 0 } skills)
        {
            await redis.GetDatabase().StringSetAsync(CycleKeys.Replay(plan.OutputModelId), skills);
        }
        return jsonKey;
    }

    /// <summary>The epoch selection the training engine wrote into the model card (PascalCase, its own format).</summary>
    private async Task<CycleCheckpoints?> CheckpointsAsync(string modelId, int version, CancellationToken cancellationToken)
    {
        var card = JsonNode.Parse(await store.ReadBytesAsync(TrainingKeys.ModelFolder(modelId, version) + "model.model-card.json", cancellationToken));
        return card?["Selection"] is JsonObject selection
            ? new CycleCheckpoints((string)selection["Phase"]!, (string)selection["Metric"]!, (int)selection["HeldOutSamples"]!, (int)selection["ChosenEpoch"]!,
                [.. selection["Candidates"]!.AsArray().Select(c => new CycleCheckpoint((int)c!["Epoch"]!, (long)c["Step"]!, Number(c["Loss"]),
                    Number(c["MtBenchBranch"]), Number(c["MmluBranch"])))])
            : null;
    }

    /// <summary>A score the card holds, or null where it holds none (absent, null, or NaN written as a string).</summary>
    private static double? Number(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<double>(out var number) && !double.IsNaN(number) ? number : null;

    private static CycleLeaf Leaf(LeafProgress leaf, List<(CycleEvaluation Summary, JsonNode Report)> evaluations)
    {
        var kind = leaf.Kind switch
        {
            LeafKind.Knowledge => "knowledge",
            LeafKind.GroundedSkill => "grounded skill",
            LeafKind.FoundationalSkill => "foundational skill",
            _ => "freeform skill",
        };
        var path = leaf.Leaf;
        foreach (var (summary, report) in evaluations)
        {
            var group = report["groups"]?.AsArray().FirstOrDefault(g => g?["group"]?.GetValue<string>() is { } name && Matches(name, path));
            if (group is not null)
            {
                return new CycleLeaf(path, kind, summary.Benchmark, group["base"]?["score"]?.GetValue<double>(), group["model"]?["score"]?.GetValue<double>(),
                    group["delta"]?.GetValue<double>(), group["verdict"]?.GetValue<string>());
            }
        }
        return new CycleLeaf(path, kind, null, null, null, null, null);
    }

    /// <summary>Evaluations name a leaf by its folder; generation by its folder or its qna.yaml path.</summary>
    private static bool Matches(string group, string leaf) =>
        group == leaf || leaf.StartsWith(group.TrimEnd('/') + "/qna.yaml", StringComparison.Ordinal) || group.StartsWith(leaf.TrimEnd('/') + "/", StringComparison.Ordinal);

    private static string Markdown(CycleReport r)
    {
        var c = CultureInfo.InvariantCulture;
        var replayed = r.Data.ReplayDataset is { } replay ? $"from `{replay}`." : "(the first cycle of this model id).";
        var md = new StringBuilder();
        md.AppendLine(c, $"# LAB cycle {r.Name}").AppendLine()
          .AppendLine(c, $"Taxonomy `{r.Taxonomy}`, leaves changed since `{r.Base}`. Trained `{r.TrainedFrom}` into **{r.Model} version {r.Version}** ")
          .AppendLine(c, $"(generation job `{r.GenerationJobId}`, training job `{r.TrainingJobId}`).").AppendLine()
          .AppendLine(c, $"Data: {r.Data.KnowledgeLines} knowledge lines, {r.Data.SkillsLines} skills lines, of which {r.Data.ReplayLines} replayed {replayed}")
          .AppendLine();
        if (r.Checkpoints is { } checkpoints)
        {
            static string Scores(CycleCheckpoint k) => string.Join(", ", new[]
            {
                k.MtBenchBranch is { } mtBench ? $"MT-Bench-branch {mtBench.ToString("0.00", CultureInfo.InvariantCulture)}" : null,
                k.MmluBranch is { } mmlu ? $"MMLU-branch {mmlu.ToString("0.000", CultureInfo.InvariantCulture)}" : null,
                k.HeldOutLoss is { } loss ? $"held-out loss {loss.ToString("0.0000", CultureInfo.InvariantCulture)}" : null,
            }.OfType<string>());
            var scores = string.Join("; ", checkpoints.Candidates.Select(k => $"epoch {k.Epoch}: {Scores(k)}"));
            md.AppendLine(c, $"Published: {checkpoints.Phase} epoch {checkpoints.ChosenEpoch}, chosen by {checkpoints.Metric} ({scores}).")
              .AppendLine();
        }
        md.AppendLine("| leaf | kind | benchmark | base | trained | change | verdict |").AppendLine("|---|---|---|---|---|---|---|");
        foreach (var leaf in r.Leaves)
        {
            md.AppendLine(c, $"| {leaf.Leaf} | {leaf.Kind} | {leaf.Benchmark ?? "not evaluated"} | {Figure(leaf.BaseScore)} | {Figure(leaf.ModelScore)} | {Figure(leaf.Delta, signed: true)} | {leaf.Verdict ?? ""} |");
        }
        md.AppendLine().AppendLine("| stage | time |").AppendLine("|---|---|");
        foreach (var stage in r.Stages)
        {
            md.AppendLine(c, $"| {stage.Stage} | {TimeSpan.FromSeconds(stage.Seconds):hh\\:mm\\:ss} |");
        }
        return md.ToString();
    }

    private static string Figure(double? value, bool signed = false) =>
        value is not { } v ? "" : (signed && v > 0 ? "+" : "") + v.ToString("0.000", CultureInfo.InvariantCulture);
}
