using System.Collections.Concurrent;
using InstructLab.Aspire.Contracts.Messages.Generation;

namespace InstructLab.Aspire.Generation.Pipelines;

/// <summary>Counters of a run, per block: rows in and out, unparsable answers, teacher calls and tokens.</summary>
public sealed class PipelineStats
{
    private readonly ConcurrentDictionary<string, BlockStats> blocks = new(StringComparer.Ordinal);

    public BlockStats For(Block block) => blocks.GetOrAdd(block.Name, _ => new BlockStats());

    public IReadOnlyDictionary<string, BlockStats> Blocks => blocks;

    public long TeacherCalls => blocks.Values.Sum(b => b.TeacherCalls);

    public long CachedCalls => blocks.Values.Sum(b => b.CachedCalls);

    public long GeneratedTokens => blocks.Values.Sum(b => b.GeneratedTokens);

    /// <summary>The run's counters as a message carries them: stages in pipeline order, generated = the first LLM block's rows out.</summary>
    public GenerationStatistics ToStatistics(Pipeline pipeline, long kept)
    {
        var order = pipeline.AllBlocks;
        var stages = order.Select(block => (block, stats: blocks.GetValueOrDefault(block.Name) ?? new BlockStats()))
            .Select(s => new StageStatistics { Name = s.block.Name, Type = s.block.Type, RowsIn = s.stats.RowsIn, RowsOut = s.stats.RowsOut, Unparsed = s.stats.Unparsed, Refused = s.stats.Refused })
            .ToList();
        var firstLlm = order.FirstOrDefault(b => b.Type is "llm" or "conditional_llm");
        return new GenerationStatistics
        {
            Generated = firstLlm is null ? kept : stages.First(s => s.Name == firstLlm.Name).RowsOut,
            Kept = kept,
            TeacherCalls = TeacherCalls,
            CachedCalls = CachedCalls,
            TeacherTokens = GeneratedTokens,
            JudgeCalls = blocks.Values.Sum(b => b.JudgeCalls),
            Stages = stages,
        };
    }
}
