using InstructLab.Aspire.Hosting.Endpoints;

namespace InstructLab.Aspire.Generation.Api;

/// <summary>The <c>Generation</c> section: the default teacher, custom pipelines, workers and the limits of a job.</summary>
public sealed class GenerationOptions
{
    public const string SectionName = "Generation";

    /// <summary>The teacher when a job names none: by default the suite's serving service.</summary>
    public ChatEndpointSettings Teacher { get; set; } = new();

    /// <summary>A folder of custom pipeline files (<c>NAME.yaml</c>) jobs can select by name.</summary>
    public string? PipelineDirectory { get; set; }

    public WorkerOptions Workers { get; set; } = new();

    public int DefaultSamplesPerSeed { get; set; } = 4;

    public int MaxSamplesPerSeed { get; set; } = 1000;

    public int DefaultBatchSize { get; set; } = 4;

    public int MaxBatchSize { get; set; } = 256;

    /// <summary>Input rows (chunks, seed examples) one job may have in all.</summary>
    public int MaxRowsPerJob { get; set; } = 100_000;

    /// <summary>The system message of every training sample unless a job sets its own.</summary>
    public string SystemPrompt { get; set; } =
        "You are a helpful, careful AI assistant. You answer accurately and completely, and you say so when you do not know.";

    /// <summary>Teacher answers are cached in Redis by (model, messages, sampling parameters, seed).</summary>
    public bool CacheResponses { get; set; } = true;

    public TimeSpan CacheTimeToLive { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Items per call to the judging service; a block's rows are sent in calls of this size.</summary>
    public int JudgeBatchSize { get; set; } = 64;
}

/// <summary><c>Generation:Workers</c>: whether this process runs batches, how many at once, and how long and how often one may be tried.</summary>
public sealed class WorkerOptions
{
    public bool Enabled { get; set; } = true;

    public int ConcurrentBatches { get; set; } = 4;

    /// <summary>
    /// The longest one attempt at a batch may run, teacher and judge calls with their own retries included; past it
    /// the attempt is stopped, counted in the job and retried. A job may ask for less (<c>max_batch_seconds</c>).
    /// </summary>
    public TimeSpan MaxBatchTime { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Times a failed batch is tried again before it goes to the error queue and fails its job.</summary>
    public int Retries { get; set; } = 3;

    /// <summary>The wait before the first retry; each next one waits five times longer, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The waits between the attempts at a batch: 2 s, 10 s, 30 s by default.</summary>
    public IEnumerable<TimeSpan> RetryIntervals() =>
        Enumerable.Range(0, Retries).Select(retry => TimeSpan.FromTicks(Math.Min(RetryDelay.Ticks * (long)Math.Pow(5, retry), MaxRetryDelay.Ticks)));

    /// <summary>The limit on one attempt at a batch: the job's own when it is shorter.</summary>
    public TimeSpan BatchTimeLimit(TimeSpan? job) => job is { } asked && asked < MaxBatchTime ? asked : MaxBatchTime;
}
