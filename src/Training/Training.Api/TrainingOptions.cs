namespace InstructLab.Aspire.Training.Api;

/// <summary>The training service's settings (section <c>Training</c>).</summary>
public sealed class TrainingOptions
{
    public const string SectionName = "Training";

    /// <summary>Whether this instance runs training work (off: it only answers the API).</summary>
    public bool Workers { get; set; } = true;

    /// <summary>Where workers keep base models, data and the checkpoints of the job they run; default: a folder under the temp folder.</summary>
    public string WorkDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "instructlab-aspire-training");

    /// <summary>Training a worker does per work item before it checkpoints and queues the rest (below the broker's 30-minute delivery timeout).</summary>
    public TimeSpan SegmentTime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a worker's hold on a job lasts without a heartbeat (it renews it every third of this).</summary>
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Local base models must be under one of these folders; default: the user's home without its hidden folders.</summary>
    public List<string> AllowedLocalRoots { get; set; } = [];

    /// <summary>Largest base model a job may name (bytes); default 64 GiB.</summary>
    public long MaxModelBytes { get; set; } = 64L << 30;

    /// <summary>Largest data file a job may name (bytes); default 4 GiB.</summary>
    public long MaxDataBytes { get; set; } = 4L << 30;

    /// <summary>
    /// Bytes of downloaded base models and data a worker keeps (each of <c>WorkDirectory/cache</c> and
    /// <c>WorkDirectory/downloads</c>), least recently used files deleted first; default 32 GiB.
    /// </summary>
    public long CacheBytes { get; set; } = 32L << 30;

    /// <summary>cpu or cuda.</summary>
    public string Device { get; set; } = "cpu";

    /// <summary>CPU threads a job uses; 0: all cores.</summary>
    public int Threads { get; set; }

    /// <summary>Train every generated dataset (DatasetReady) when <see cref="StudentOptions.Student"/> is set.</summary>
    public StudentOptions AutoTrain { get; set; } = new();

    /// <summary>What a LAB cycle trains when it names no student, and its training defaults.</summary>
    public StudentOptions Cycle { get; set; } = new();

    /// <summary>Signed links to each job's training report (<c>/jobs/ID/report</c>).</summary>
    public Reports.ReportLinkOptions Reports { get; set; } = new();
}

/// <summary>A student and how to train it: for chaining (a completed generation job starts a training job) and for LAB cycles.</summary>
public sealed class StudentOptions
{
    /// <summary>The base model, as <c>base_model</c> of SubmitJob takes it; empty: no chaining.</summary>
    public string Student { get; set; } = "";

    /// <summary>The id the trained model is published as; default: the student's id (or file name) with <c>-lab</c>.</summary>
    public string OutputModelId { get; set; } = "";

    /// <summary>Epochs of each phase; default InstructLab's (7 and 10).</summary>
    public int? KnowledgeEpochs { get; set; }

    public int? SkillsEpochs { get; set; }

    /// <summary>Samples per optimizer step of each phase; default InstructLab's (128 and 3840, clamped to the data).</summary>
    public int? EffectiveBatchSize { get; set; }

    /// <summary>Peak learning rate of each phase; default InstructLab's (2e-5 and 6e-6).</summary>
    public double? KnowledgeLearningRate { get; set; }

    public double? SkillsLearningRate { get; set; }

    /// <summary>Fills the phase options a request left unset from these settings.</summary>
    public void Apply(Contracts.Training.V1.SubmitTrainingJobRequest request)
    {
        request.Knowledge ??= new();
        request.Skills ??= new();
        if (KnowledgeEpochs is { } ke && !request.Knowledge.HasEpochs) request.Knowledge.Epochs = ke;
        if (SkillsEpochs is { } se && !request.Skills.HasEpochs) request.Skills.Epochs = se;
        if (EffectiveBatchSize is { } batch)
        {
            if (!request.Knowledge.HasEffectiveBatchSize) request.Knowledge.EffectiveBatchSize = batch;
            if (!request.Skills.HasEffectiveBatchSize) request.Skills.EffectiveBatchSize = batch;
        }
        if (KnowledgeLearningRate is { } kl && !request.Knowledge.HasLearningRate) request.Knowledge.LearningRate = kl;
        if (SkillsLearningRate is { } sl && !request.Skills.HasLearningRate) request.Skills.LearningRate = sl;
    }
}
