namespace InstructLab.Aspire.Contracts.Messages.Generation;

/// <summary>What a batch (or a sum of batches) cost and yielded, per pipeline stage.</summary>
public sealed record GenerationStatistics
{
    /// <summary>Rows the pipeline's first LLM block made.</summary>
    public long Generated { get; init; }

    /// <summary>Rows the pipeline kept.</summary>
    public long Kept { get; init; }

    /// <summary>Requests that reached the teacher; answers from the response cache are <see cref="CachedCalls"/>.</summary>
    public long TeacherCalls { get; init; }

    /// <summary>Teacher calls answered from the response cache.</summary>
    public long CachedCalls { get; init; }

    /// <summary>Completion tokens the teacher generated for this work (cache hits excluded).</summary>
    public long TeacherTokens { get; init; }

    /// <summary>Items sent to the judging service.</summary>
    public long JudgeCalls { get; init; }

    /// <summary>Per block, in pipeline order.</summary>
    public IReadOnlyList<StageStatistics> Stages { get; init; } = [];

    /// <summary>The sum of two statistics; stages are matched by name and keep the order they first appear in.</summary>
    public GenerationStatistics Add(GenerationStatistics other)
    {
        var stages = Stages.ToList();
        foreach (var stage in other.Stages)
        {
            var index = stages.FindIndex(s => s.Name == stage.Name);
            if (index < 0)
            {
                stages.Add(stage);
            }
            else
            {
                stages[index] = stages[index].Add(stage);
            }
        }
        return new GenerationStatistics
        {
            Generated = Generated + other.Generated,
            Kept = Kept + other.Kept,
            TeacherCalls = TeacherCalls + other.TeacherCalls,
            CachedCalls = CachedCalls + other.CachedCalls,
            TeacherTokens = TeacherTokens + other.TeacherTokens,
            JudgeCalls = JudgeCalls + other.JudgeCalls,
            Stages = stages,
        };
    }
}
