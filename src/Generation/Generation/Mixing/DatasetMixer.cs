using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.ChatClients;
using InstructLab.Aspire.Contracts.Messages.Generation;
using InstructLab.Aspire.Generation.Dedup;
using InstructLab.Aspire.Generation.Jobs;
using InstructLab.Aspire.Generation.Pipelines;

namespace InstructLab.Aspire.Generation.Mixing;

/// <summary>
/// Turns a job's batches into its dataset: each leaf deduplicated as a whole (exact, then ROUGE-L ≥ 0.7 on the
/// questions), then phase 1 (knowledge, <c>unmask</c> true) and phase 2 (skills, knowledge recall among distractor
/// chunks, replayed lines of an earlier dataset), a raw file per leaf and the data card. Everything derives from the
/// plan and the batches, so mixing again writes the same files.
/// </summary>
public sealed class DatasetMixer(IArtifactStore store, PlanStore plans)
{
    public const string KnowledgeFile = "knowledge_train_msgs.jsonl";
    public const string SkillsFile = "skills_train_msgs.jsonl";
    public const string MmluBranchFile = "mmlu_branch.jsonl";

    private static readonly JsonSerializerOptions CardJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    public async Task<DatasetKeys> MixAsync(Guid jobId, string planKey, CancellationToken cancellationToken)
    {
        var loaded = await plans.ReadAsync(planKey, cancellationToken);
        var plan = loaded.Plan;
        var leaves = new List<LeafDataset>();
        foreach (var leaf in plan.Leaves)
        {
            leaves.Add(await ReadLeafAsync(jobId, loaded, leaf, cancellationToken));
        }

        var allChunks = plan.Leaves.Where(l => l.Kind == LeafKinds.Knowledge).ToDictionary(l => l.Index, l => (IReadOnlyList<string>)[.. l.Chunks.Select(c => c.Text)]);
        var (knowledge, skills, cards) = (new List<JsonObject>(), new List<JsonObject>(), new List<DataCardLeaf>());
        var mmluBranch = new List<JsonObject>();
        foreach (var leaf in leaves)
        {
            var output = loaded.PipelineOf(leaf.Leaf).Output;
            var others = allChunks.Where(c => c.Key != leaf.Leaf.Index).SelectMany(c => c.Value).ToList();
            foreach (var row in leaf.Rows)
            {
                var sample = Sample.From(leaf.Leaf, output, row);
                if (leaf.Leaf.Kind == LeafKinds.Knowledge)
                {
                    knowledge.Add(TrainingLine.Create(sample.Id, plan.SystemPrompt, $"{sample.Context}\n\n{sample.Question}", sample.Answer, sample.Metadata("knowledge"), unmask: true));
                    var recall = KnowledgeRecall.Prompt(sample.Question, sample.Context ?? "", allChunks[leaf.Leaf.Index], others, plan.Distractors, plan.Seed, sample.Id);
                    skills.Add(TrainingLine.Create(sample.Id + "/recall", plan.SystemPrompt, recall, sample.Answer, sample.Metadata("knowledge_recall"), unmask: false));
                }
                else
                {
                    var user = sample.Context is { Length: > 0 } context ? $"{context}\n\n{sample.Question}" : sample.Question;
                    skills.Add(TrainingLine.Create(sample.Id, plan.SystemPrompt, user, sample.Answer, sample.Metadata("skill"), unmask: false));
                }
            }
            var questions = await ReadMmluBranchAsync(jobId, plan, leaf.Leaf, cancellationToken);
            mmluBranch.AddRange(questions);
            var rawKey = JobKeys.Leaf(jobId, leaf.Leaf.Index, leaf.Leaf.Name);
            await store.PutBytesAsync(rawKey, JsonLines.Write(leaf.Rows), JsonLines.ContentType, cancellationToken);
            cards.Add(new DataCardLeaf
            {
                Leaf = leaf.Leaf.Name,
                Kind = leaf.Leaf.Kind,
                Pipeline = leaf.Leaf.Pipeline,
                Rows = leaf.Leaf.Rows,
                Batches = leaf.Leaf.Batches,
                Statistics = leaf.Statistics,
                ExactDuplicates = leaf.ExactDuplicates,
                NearDuplicates = leaf.NearDuplicates,
                Samples = leaf.Rows.Count,
                RawKey = rawKey,
                MmluBranchQuestions = questions.Count,
            });
        }
        var replayed = await ReplayAsync(plan, skills.Count, cancellationToken);
        skills.AddRange(replayed);

        var keys = new DatasetKeys
        {
            KnowledgeKey = JobKeys.Dataset(jobId, KnowledgeFile),
            SkillsKey = JobKeys.Dataset(jobId, SkillsFile),
            DataCardKey = JobKeys.Dataset(jobId, "data_card.json"),
            DataCardMarkdownKey = JobKeys.Dataset(jobId, "data_card.md"),
            LeafKeys = [.. cards.Select(c => c.RawKey)],
            KnowledgeLines = knowledge.Count,
            SkillsLines = skills.Count,
            MmluBranchKey = plan.MmluBranchPerChunk > 0 && plan.Leaves.Any(l => l.Kind == LeafKinds.Knowledge) ? JobKeys.Dataset(jobId, MmluBranchFile) : "",
            MmluBranchLines = mmluBranch.Count,
        };
        if (keys.MmluBranchKey is { Length: > 0 } mmluKey)
        {
            await store.PutBytesAsync(mmluKey, JsonLines.Write(mmluBranch), JsonLines.ContentType, cancellationToken);
        }
        await store.PutBytesAsync(keys.KnowledgeKey, JsonLines.Write(Shuffle(knowledge, plan.Seed, KnowledgeFile)), JsonLines.ContentType, cancellationToken);
        await store.PutBytesAsync(keys.SkillsKey, JsonLines.Write(Shuffle(skills, plan.Seed, SkillsFile)), JsonLines.ContentType, cancellationToken);
        var card = Card(jobId, loaded, cards, keys, replayed.Count);
        await store.PutBytesAsync(keys.DataCardKey, JsonSerializer.SerializeToUtf8Bytes(card, CardJson), "application/json", cancellationToken);
        await store.PutBytesAsync(keys.DataCardMarkdownKey, Encoding.UTF8.GetBytes(DataCardMarkdown.Render(card)), "text/markdown", cancellationToken);
        return keys;
    }

    /// <summary>The leaf's rows from all its batches in plan order, deduplicated by question as a whole.</summary>
    private async Task<LeafDataset> ReadLeafAsync(Guid jobId, LoadedPlan loaded, PlanLeaf leaf, CancellationToken cancellationToken)
    {
        var rows = new List<JsonObject>();
        var statistics = new GenerationStatistics();
        for (var batch = 0; batch < leaf.Batches; batch++)
        {
            var key = JobKeys.Batch(jobId, leaf.Index, batch);
            rows.AddRange(JsonLines.Read(await store.ReadBytesAsync(key, cancellationToken), key));
            statistics = statistics.Add(await store.ReadJsonAsync<GenerationStatistics>(JobKeys.BatchStatistics(jobId, leaf.Index, batch), cancellationToken));
        }
        var question = loaded.PipelineOf(leaf).Output.Question;
        var dedup = NearDuplicates.Filter([.. rows.Select(r => Condition.Text(r[question]))]);
        return new LeafDataset(leaf, [.. dedup.Kept.Select(i => rows[i])], statistics, dedup.ExactDuplicates, dedup.NearDuplicates);
    }

    /// <summary>A knowledge leaf's MMLU-branch questions from all its batches, in plan order; none for other leaves.</summary>
    private async Task<IReadOnlyList<JsonObject>> ReadMmluBranchAsync(Guid jobId, JobPlan plan, PlanLeaf leaf, CancellationToken cancellationToken)
    {
        if (leaf.Kind != LeafKinds.Knowledge || plan.MmluBranchPerChunk == 0)
        {
            return [];
        }
        var questions = new List<JsonObject>();
        for (var batch = 0; batch < leaf.Batches; batch++)
        {
            var key = JobKeys.BatchMmluBranch(jobId, leaf.Index, batch);
            questions.AddRange(JsonLines.Read(await store.ReadBytesAsync(key, cancellationToken), key));
        }
        return questions;
    }

    /// <summary>Lines of an earlier phase-2 file, <see cref="JobPlan.ReplayRatio"/> per new line, drawn from the job's seed.</summary>
    private async Task<List<JsonObject>> ReplayAsync(JobPlan plan, int newLines, CancellationToken cancellationToken)
    {
        if (plan.ReplayDataset is not { Length: > 0 } key)
        {
            return [];
        }
        var lines = JsonLines.Read(await store.ReadBytesAsync(key, cancellationToken), key);
        var random = SamplingSeeds.Random(plan.Seed, "replay");
        var wanted = (int)Math.Round(plan.ReplayRatio * newLines);
        return [.. lines.OrderBy(_ => random.Next()).Take(wanted).Select(line =>
        {
            var copy = (JsonObject)line.DeepClone();
            copy["id"] = "replay/" + Condition.Text(line["id"]);
            return copy;
        })];
    }

    private static IEnumerable<JsonObject> Shuffle(List<JsonObject> lines, long seed, string file)
    {
        var random = SamplingSeeds.Random(seed, "shuffle", file);
        return lines.OrderBy(_ => random.Next());
    }

    private static DataCard Card(Guid jobId, LoadedPlan loaded, List<DataCardLeaf> leaves, DatasetKeys keys, int replayLines)
    {
        var plan = loaded.Plan;
        return new DataCard
        {
            JobId = jobId.ToString(),
            Name = plan.Name,
            SubmittedAt = plan.SubmittedAt,
            Seed = plan.Seed,
            SamplesPerSeed = plan.SamplesPerSeed,
            BatchSize = plan.BatchSize,
            Taxonomy = plan.TaxonomySource,
            TaxonomyBase = plan.TaxonomyBase,
            TeacherUrl = plan.Teacher.Url,
            TeacherModel = plan.Teacher.Model,
            JudgeUrl = plan.Judge?.Url ?? "",
            JudgeModel = plan.Judge?.Model ?? "",
            SystemPrompt = plan.SystemPrompt,
            Distractors = plan.Distractors,
            ReplayDataset = plan.ReplayDataset,
            ReplayRatio = plan.ReplayRatio,
            Pipelines = [.. loaded.Pipelines.Values.Select(p => new DataCardPipeline(p.Name, p.Source.FileName, p.Sha256, p.Description))],
            Leaves = leaves,
            Totals = leaves.Aggregate(new GenerationStatistics(), (sum, leaf) => sum.Add(leaf.Statistics with { Stages = [] })),
            KnowledgeLines = keys.KnowledgeLines,
            SkillsLines = keys.SkillsLines,
            ReplayLines = replayLines,
            KnowledgeKey = keys.KnowledgeKey,
            SkillsKey = keys.SkillsKey,
            MmluBranchKey = keys.MmluBranchKey,
            MmluBranchLines = keys.MmluBranchLines,
        };
    }
}
