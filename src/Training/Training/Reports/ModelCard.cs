using System.Text.Json.Serialization;

namespace InstructLab.Aspire.Training.Reports;

/// <summary>What a trained model is made of: base model and hash, data and hashes, per-phase settings and outcomes.</summary>
public sealed record ModelCard
{
    public required string Name { get; init; }

    public required DateTimeOffset Created { get; init; }

    public required string Engine { get; init; }

    public required string BaseModel { get; init; }

    public required string BaseModelSha256 { get; init; }

    public required string Architecture { get; init; }

    public required long Parameters { get; init; }

    public required long TrainedParameters { get; init; }

    public required string Method { get; init; }

    public LoraSettings? Lora { get; init; }

    public required string Strategy { get; init; }

    public required string ChatTemplate { get; init; }

    public required int MaxSequenceLength { get; init; }

    public required string LossReduction { get; init; }

    public required int Seed { get; init; }

    public required string Device { get; init; }

    public required string ExportType { get; init; }

    public required double WallSeconds { get; init; }

    /// <summary>How the exported epoch was chosen (held-out loss of each epoch-end checkpoint); null: the last weights.</summary>
    public Selection.EpochSelection? Selection { get; init; }

    /// <summary>Where the model comes from (a LAB cycle, its base version, datasets, replayed lines); null when not told.</summary>
    public IReadOnlyDictionary<string, string>? Lineage { get; init; }

    /// <summary>Per phase, without the step history (that is in the training report).</summary>
    public required IReadOnlyList<PhaseSummary> Phases { get; init; }

    [JsonIgnore]
    public long TokensSeen => Phases.Sum(p => p.TokensSeen);
}
