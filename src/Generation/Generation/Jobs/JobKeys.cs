namespace InstructLab.Aspire.Generation.Jobs;

/// <summary>Where a job's objects are in the artifact store: derived from ids only, so every retry writes the same keys.</summary>
public static class JobKeys
{
    public static string Plan(Guid jobId) => $"generation/{jobId:N}/plan.json";

    public static string Batch(Guid jobId, int leaf, int batch) => $"generation/{jobId:N}/batches/{leaf:D4}/{batch:D5}.jsonl";

    /// <summary>Written after the batch's rows: its presence says the batch is done.</summary>
    public static string BatchStatistics(Guid jobId, int leaf, int batch) => $"generation/{jobId:N}/batches/{leaf:D4}/{batch:D5}.stats.json";

    /// <summary>The batch's MMLU-branch questions (knowledge leaves), written before its counters.</summary>
    public static string BatchMmluBranch(Guid jobId, int leaf, int batch) => $"generation/{jobId:N}/batches/{leaf:D4}/{batch:D5}.mmlu_branch.jsonl";

    public static string Dataset(Guid jobId, string file) => $"datasets/{jobId:N}/{file}";

    public static string Leaf(Guid jobId, int leaf, string name) =>
        Dataset(jobId, $"leaves/{leaf:D4}-{string.Join('-', name.Split('/', StringSplitOptions.RemoveEmptyEntries).TakeLast(2))}.jsonl");
}
