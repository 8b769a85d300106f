namespace InstructLab.Aspire.Training.Api.Jobs;

/// <summary>Where a training job keeps things: artifact-store keys and Redis keys.</summary>
public static class TrainingKeys
{
    public const string StateKeyPrefix = "training:job-state:";

    public static string Folder(Guid job) => $"training/{job:N}/";

    public static string Plan(Guid job) => $"{Folder(job)}plan.json";

    /// <summary>The checkpoints' root: <c>training/&lt;job&gt;/&lt;phase&gt;/step-N/</c> below it, <c>run.json</c> in it.</summary>
    public static string Checkpoints(Guid job) => Folder(job);

    /// <summary>A candidate checkpoint exported for scoring: <c>training/&lt;job&gt;/candidates/epoch-N/model.gguf</c>.</summary>
    public static string Candidate(Guid job, int epoch) => $"{Folder(job)}candidates/epoch-{epoch}/model.gguf";

    /// <summary>The run's full report (the model card with every step) while its candidates are scored.</summary>
    public static string PendingReport(Guid job) => $"{Folder(job)}result/training-report.json";

    /// <summary>A base model from a path or URL, stored once so serving can load it for the candidates' branch benchmarks.</summary>
    public static string BaseModel(Guid job) => $"{Folder(job)}base/model.gguf";

    /// <summary>How the job's candidates are scored (judge credentials included): the request's evaluation, in Redis only.</summary>
    public static string Evaluation(Guid job) => $"training:evaluation:{job:N}";

    /// <summary>The training job an evaluation scores a candidate of.</summary>
    public static string CandidateEvaluation(Guid evaluation) => $"training:candidate-evaluation:{evaluation:N}";

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
