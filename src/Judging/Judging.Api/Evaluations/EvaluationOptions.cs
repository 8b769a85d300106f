using InstructLab.Aspire.Hosting.Endpoints;

namespace InstructLab.Aspire.Judging.Api.Evaluations;

/// <summary>The <c>Judging:Evaluation</c> section: work-item sizes, workers and the limits of a request.</summary>
public sealed class EvaluationOptions
{
    public const string SectionName = "Judging:Evaluation";

    /// <summary>
    /// The model under test when a request names only a model id: the suite's serving service (found through service
    /// discovery) with the suite's serving key, which the AppHost sets as <c>Judging:Evaluation:Serving:ApiKey</c>.
    /// </summary>
    public ChatEndpointSettings Serving { get; set; } = new();

    /// <summary>Whether this instance evaluates work items (off: it only takes requests).</summary>
    public bool Workers { get; set; } = true;

    /// <summary>Work items one instance evaluates at once.</summary>
    public int ConcurrentBatches { get; set; } = 2;

    /// <summary>Items per work item for multiple-choice benchmarks (one completions request each).</summary>
    public int ChoiceBatchSize { get; set; } = 16;

    /// <summary>Items per work item for judged benchmarks (answers and judgments).</summary>
    public int JudgedBatchSize { get; set; } = 4;

    /// <summary>Bytes of data one request may bring, inline and by artifact key together.</summary>
    public long MaxDataBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Items one evaluation may have.</summary>
    public int MaxItems { get; set; } = 100_000;
}
