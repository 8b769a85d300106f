namespace InstructLab.Aspire.Training.Api.Jobs;

/// <summary>Where a training job keeps things: artifact-store keys and Redis keys.</summary>
public static class TrainingKeys
{
    public const string StateKeyPrefix = "training:job-state:";

    public static string Folder(Guid job) => $"training/{job:N}/";

    public static string Plan(Guid job) => $"{Folder(job)}plan.json";

    /// <summary>The checkpoints' root: <c>training/&lt;job&gt;/&lt;phase&gt;/step-N/</c> below it, <c>run.json</c> in it.</summary>
    public static string Checkpoints(Guid job) => Folder(job);

    public static string ModelFolder(string modelId, int version) => $"models/{modelId}/{version}/";

    public static string Lease(Guid job) => $"training:lease:{job:N}";

    /// <summary>The highest segment a worker finished: work items of that segment or an earlier one are stale.</summary>
    public static string SegmentDone(Guid job) => $"training:segment-done:{job:N}";

    public static string Live(Guid job) => $"training:job-live:{job:N}";

    public static string CheckpointList(Guid job) => $"training:job-checkpoints:{job:N}";

    public static string Scores(Guid job) => $"training:job-scores:{job:N}";

    public static string ModelVersion(string modelId) => $"training:model-version:{modelId}";

    /// <summary>Chaining: the training job a generation job's dataset started.</summary>
    public static string AutoTrain(Guid generationJob) => $"training:auto:{generationJob:N}";
}
