using InstructLab.Aspire.Gguf.Format;

namespace InstructLab.Aspire.Training;

/// <summary>Everything one training run needs: <c>lab model train</c>'s options, or a training job's.</summary>
public sealed record TrainingRequest
{
    /// <summary>The base (student) model, a GGUF file.</summary>
    public required string BaseModel { get; init; }

    /// <summary>Phase 1's data: InstructLab's knowledge_train_msgs.jsonl.</summary>
    public string? KnowledgeData { get; init; }

    /// <summary>Phase 2's data: InstructLab's skills_train_msgs.jsonl (with its replay of earlier data).</summary>
    public string? SkillsData { get; init; }

    /// <summary>The GGUF to write; the model card and report are written beside it.</summary>
    public required string Output { get; init; }

    /// <summary>Where checkpoints go; default: <c>OUTPUT.checkpoints/</c> beside the output.</summary>
    public string? CheckpointDirectory { get; init; }

    public TrainingStrategy Strategy { get; init; } = TrainingStrategy.LabMultiphase;

    public PhaseSettings Knowledge { get; init; } = PhaseSettings.KnowledgeDefaults;

    public PhaseSettings Skills { get; init; } = PhaseSettings.SkillsDefaults;

    /// <summary>A Jinja template or llama.cpp built-in name instead of the model's own.</summary>
    public string? ChatTemplate { get; init; }

    /// <summary>Longer samples are dropped (and counted); default: 4096, at most the model's context.</summary>
    public int? MaxSequenceLength { get; init; }

    /// <summary>Shorter samples are dropped (and counted).</summary>
    public int MinSequenceLength { get; init; } = 2;

    /// <summary>Skip and count bad lines instead of failing at the first one.</summary>
    public bool SkipBadLines { get; init; }

    public int Seed { get; init; } = 42;

    /// <summary>LoRA adapters instead of full fine-tuning; null: full.</summary>
    public LoraSettings? Lora { get; init; }

    /// <summary>F32, F16, Q8_0 or Q4_0; null: F32 below 100M parameters, else F16.</summary>
    public GgmlType? ExportType { get; init; }

    /// <summary>general.name of the output; default: the output file's name.</summary>
    public string? ModelName { get; init; }

    /// <summary>cpu or cuda.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>CPU threads; 0: all cores.</summary>
    public int Threads { get; init; }

    public LossReduction LossReduction { get; init; } = LossReduction.Step;

    /// <summary>Start even when the memory estimate exceeds what the device has.</summary>
    public bool SkipMemoryCheck { get; init; }

    /// <summary>
    /// Held out of the last phase's data (by seed) and never trained on: each of that phase's epoch-end checkpoints is
    /// scored by its answer-token loss on them, and the best is exported. 0 (the default) exports the last weights.
    /// </summary>
    public double HeldOutFraction { get; init; }

    /// <summary>Tags every metric and span of the run as <c>training.run</c> (a training job's id), so dashboards chart runs apart.</summary>
    public string? RunName { get; init; }

    /// <summary>What the model card calls the base model (a training job's artifact key or URL); default: its full path.</summary>
    public string? BaseModelLabel { get; init; }

    /// <summary>What the model card calls each phase's data file, by phase name; default: its full path.</summary>
    public IReadOnlyDictionary<string, string>? DataLabels { get; init; }

    /// <summary>Where the model comes from, for its card: a LAB cycle's id, its base version, datasets, replayed lines.</summary>
    public IReadOnlyDictionary<string, string>? Lineage { get; init; }

    /// <summary>
    /// Also export each of the last phase's epoch-end checkpoints here (<c>epoch-N.gguf</c>), for a choice made
    /// outside the run (a training job scores them through the evaluation service); null, or a single epoch end: none.
    /// </summary>
    public string? CandidateDirectory { get; init; }

    /// <summary>How many epoch ends (the last ones) <see cref="CandidateDirectory"/> gets; default 5.</summary>
    public int MaxCandidates { get; init; } = 5;

    public string CheckpointRoot => CheckpointDirectory ?? Path.GetFullPath(Output) + ".checkpoints";
}
