using System.Diagnostics;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.ChatClients;
using InstructLab.Aspire.Contracts.Messages.Generation;
using InstructLab.Aspire.Generation.MmluBranch;
using InstructLab.Aspire.Generation.Pipelines;

namespace InstructLab.Aspire.Generation.Jobs;

/// <summary>
/// Runs one batch of a job and writes its rows, then its counters, under keys derived from the job, leaf and batch.
/// A batch whose counters are there already is not run again: redelivered and duplicated commands cost nothing.
/// </summary>
public sealed class BatchRunner(IArtifactStore store, PlanStore plans)
{
    public async Task<BatchOutcome> RunAsync(Guid jobId, string planKey, int leafIndex, int batchIndex,
        Func<LoadedPlan, Task<(IChatEndpoint Teacher, IJudge? Judge)>> endpoints, CancellationToken cancellationToken)
    {
        var (resultKey, statsKey) = (JobKeys.Batch(jobId, leafIndex, batchIndex), JobKeys.BatchStatistics(jobId, leafIndex, batchIndex));
        var loaded = await plans.ReadAsync(planKey, cancellationToken);
        var leaf = loaded.Plan.Leaf(leafIndex);
        var rows = LeafRows.Batch(leaf, batchIndex, loaded.Plan.BatchSize);
        if (await store.ExistsAsync(statsKey, cancellationToken))
        {
            Activity.Current?.SetTag("generation.batch.reused", true);
            return new BatchOutcome(resultKey, rows.Count, await store.ReadJsonAsync<GenerationStatistics>(statsKey, cancellationToken), Reused: true);
        }
        var (teacher, judge) = await endpoints(loaded);
        var pipeline = loaded.PipelineOf(leaf);
        var context = new PipelineContext
        {
            Teacher = teacher,
            Judge = judge,
            Leaf = leaf.Name,
            Seed = loaded.Plan.Seed,
            SamplesPerSeed = loaded.Plan.SamplesPerSeed,
            CancellationToken = cancellationToken,
        };
        var kept = await pipeline.RunAsync(rows, context);
        var statistics = context.Stats.ToStatistics(pipeline, kept.Count);
        if (leaf.Kind == LeafKinds.Knowledge && loaded.Plan.MmluBranchPerChunk > 0)
        {
            var (questions, made) = await MmluBranchQuestions.WriteAsync(leaf.Name, rows, loaded.Plan.MmluBranchPerChunk, teacher,
                judge ?? throw new InvalidOperationException("MMLU-branch questions need a judge and the job has none"), loaded.Plan.Seed, cancellationToken);
            statistics = statistics.Add(made);
            await store.PutBytesAsync(JobKeys.BatchMmluBranch(jobId, leafIndex, batchIndex), JsonLines.Write(questions), JsonLines.ContentType, cancellationToken);
        }
        await store.PutBytesAsync(resultKey, JsonLines.Write(kept), JsonLines.ContentType, cancellationToken);
        await store.PutJsonAsync(statsKey, statistics, cancellationToken);
        return new BatchOutcome(resultKey, rows.Count, statistics, Reused: false);
    }
}
