namespace InstructLab.Aspire.Contracts.Messages.Training;

/// <summary>A training job's model is exported, stored and published (<see cref="ModelPublished"/> went out before this).</summary>
public sealed record TrainingJobCompleted
{
    /// <summary>The training job (the correlation id of its state machine).</summary>
    public required Guid JobId { get; init; }

    /// <summary>Where the published model and its card and report are.</summary>
    public required PublishedModelKeys Model { get; init; }
}

/// <summary>Where a published model's files are: <c>models/&lt;id&gt;/&lt;version&gt;/</c>.</summary>
public sealed record PublishedModelKeys
{
    /// <summary>The id serving answers to.</summary>
    public required string ModelId { get; init; }

    /// <summary>The version under the id (1, 2, …).</summary>
    public required int Version { get; init; }

    /// <summary>The GGUF: models/&lt;id&gt;/&lt;version&gt;/model.gguf.</summary>
    public required string ArtifactKey { get; init; }

    /// <summary>SHA-256 (hex) of the GGUF.</summary>
    public required string Sha256 { get; init; }

    /// <summary>The model card as JSON.</summary>
    public required string ModelCardKey { get; init; }

    /// <summary>The model card as Markdown.</summary>
    public required string ModelCardMarkdownKey { get; init; }

    /// <summary>The training report (every step) as JSON.</summary>
    public required string ReportKey { get; init; }

    /// <summary>The training report as Markdown, with the curves image beside it.</summary>
    public required string ReportMarkdownKey { get; init; }

    /// <summary>Loss and learning rate per step, a PNG.</summary>
    public required string CurvesKey { get; init; }

    /// <summary>When the model was published.</summary>
    public required DateTimeOffset PublishedAt { get; init; }
}
