using InstructLab.Aspire.ChatClients;

namespace InstructLab.Aspire.Generation.Pipelines;

/// <summary>What a run of a pipeline uses: the teacher, the judge, the job's seed and settings, its counters.</summary>
public sealed class PipelineContext
{
    public required IChatEndpoint Teacher { get; init; }

    /// <summary>Needed only by pipelines with judge blocks.</summary>
    public IJudge? Judge { get; init; }

    /// <summary>The leaf the rows belong to; part of every sampling seed.</summary>
    public required string Leaf { get; init; }

    /// <summary>The job's seed: every sampling seed and every random choice derives from it, the leaf and the row's id.</summary>
    public long Seed { get; init; }

    /// <summary>What <c>n: samples_per_seed</c> (and <c>times: samples_per_seed</c>) means in this job.</summary>
    public int SamplesPerSeed { get; init; } = 1;

    public PipelineStats Stats { get; } = new();

    public CancellationToken CancellationToken { get; init; }
}
