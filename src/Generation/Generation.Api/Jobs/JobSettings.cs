using InstructLab.Aspire.Contracts.Generation.V1;
using InstructLab.Aspire.Generation.Pipelines;

namespace InstructLab.Aspire.Generation.Api.Jobs;

/// <summary>A SubmitJob request's numbers with their defaults, checked; a wrong one names its field and what is allowed.</summary>
internal sealed record JobSettings(IReadOnlyList<string> Pipelines, string Base, int SamplesPerSeed, int BatchSize, int MaxRowsPerLeaf,
    int Distractors, double ReplayRatio, int MmluBranchPerChunk, TimeSpan? BatchTimeLimit)
{
    public static JobSettings From(SubmitJobRequest request, GenerationOptions options)
    {
        if (request.Taxonomy is null || request.Taxonomy.KindCase == Contracts.Taxonomy.V1.TaxonomySource.KindOneofCase.None)
        {
            throw new ArgumentException("taxonomy: a local_path or a git source is needed");
        }
        var samples = request.SamplesPerSeed == 0 ? options.DefaultSamplesPerSeed : request.SamplesPerSeed;
        var batch = request.BatchSize == 0 ? options.DefaultBatchSize : request.BatchSize;
        return new JobSettings(
            request.Pipelines.Count == 0 ? [PipelineLibrary.Full] : [.. request.Pipelines],
            request.Base is { Length: > 0 } baseRef ? baseRef : "origin/main",
            InRange(samples, 1, options.MaxSamplesPerSeed, "samples_per_seed"),
            InRange(batch, 1, options.MaxBatchSize, "batch_size"),
            InRange(request.MaxRowsPerLeaf, 0, int.MaxValue, "max_rows_per_leaf"),
            InRange(request.Distractors == 0 ? 2 : request.Distractors, 0, 16, "distractors"),
            request.ReplayDataset is { Length: > 0 } && request.ReplayRatio == 0 ? 0.5
                : request.ReplayRatio is >= 0 and <= 10 ? request.ReplayRatio
                : throw new ArgumentException($"replay_ratio must be from 0 to 10, not {request.ReplayRatio}"),
            InRange(request.HasMmluBranchQuestions ? request.MmluBranchQuestions : 1, 0, 8, "mmlu_branch_questions"),
            InRange(request.MaxBatchSeconds, 0, MaxBatchSeconds, "max_batch_seconds") is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : null);
    }

    /// <summary>A week: the most a job may ask one batch attempt to take.</summary>
    private const int MaxBatchSeconds = 7 * 24 * 3600;

    private static int InRange(int value, int min, int max, string field) =>
        value >= min && value <= max ? value : throw new ArgumentException($"{field} must be from {min} to {max}, not {value}");
}
