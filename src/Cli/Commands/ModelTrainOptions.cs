using System.CommandLine;
using InstructLab.Aspire.Gguf.Format;
using InstructLab.Aspire.Training;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary>
/// <c>lab model train</c>'s options and the request they make. Every phase setting exists three times: bare
/// (<c>--epochs</c>, both phases), <c>--knowledge-…</c> and <c>--skills-…</c> (which win over the bare one).
/// </summary>
internal static class ModelTrainOptions
{
    private static readonly Option<string> Model = new("--model", "-m") { Description = "The base (student) model, a GGUF file", Required = true };
    private static readonly Option<string?> KnowledgeData = new("--knowledge-data") { Description = "Phase 1 data: knowledge_train_msgs.jsonl" };
    private static readonly Option<string?> SkillsData = new("--skills-data") { Description = "Phase 2 data: skills_train_msgs.jsonl" };
    private static readonly Option<string> Output = new("--output", "-o") { Description = "The GGUF to write (model card and report beside it)", Required = true };
    private static readonly Option<string?> CheckpointDir = new("--checkpoint-dir") { Description = "Where checkpoints go; the same command resumes from them [default: OUTPUT.checkpoints]" };
    private static readonly Option<string> Strategy = new("--strategy") { Description = "lab-multiphase (knowledge, then skills), knowledge-only or skills-only", DefaultValueFactory = _ => "lab-multiphase" };
    private static readonly Option<string?> ChatTemplate = new("--chat-template") { Description = "A Jinja template or llama.cpp built-in name instead of the model's own" };
    private static readonly Option<int?> MaxSeqLen = new("--max-seq-len") { Description = "Drop longer samples (tokens) [default: 4096, at most the model's context]" };
    private static readonly Option<int> MinSeqLen = new("--min-seq-len") { Description = "Drop shorter samples (tokens)", DefaultValueFactory = _ => 2 };
    private static readonly Option<bool> SkipBadLines = new("--skip-bad-lines") { Description = "Skip and count bad data lines instead of stopping at the first" };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed of every random choice (data order, LoRA init, dropout)", DefaultValueFactory = _ => 42 };
    private static readonly Option<int?> LoraRank = new("--lora-rank") { Description = "Train LoRA adapters of this rank instead of every weight" };
    private static readonly Option<double> LoraAlpha = new("--lora-alpha") { Description = "LoRA alpha (scale = alpha / rank)", DefaultValueFactory = _ => 32 };
    private static readonly Option<double> LoraDropout = new("--lora-dropout") { Description = "Dropout on the adapters' input", DefaultValueFactory = _ => 0.1 };
    private static readonly Option<string> LoraTarget = new("--lora-target") { Description = "Projections to adapt, comma-separated: q,k,v,o,gate,up,down", DefaultValueFactory = _ => "q,k,v,o" };
    private static readonly Option<string?> OutputType = new("--output-type") { Description = "F32, F16, BF16, Q8_0 or Q4_0 [default: F32 below 100M parameters, else F16]" };
    private static readonly Option<string?> Name = new("--name") { Description = "general.name of the output [default: its file name]" };
    private static readonly Option<string> Device = new("--device") { Description = "cpu or cuda", DefaultValueFactory = _ => "cpu" };
    private static readonly Option<int> Threads = new("--threads") { Description = "CPU threads [default: all cores]" };
    private static readonly Option<string> LossReductionOption = new("--loss-reduction") { Description = "step (token losses ÷ the step's labelled tokens) or micro-batch (InstructLab 0.10)", DefaultValueFactory = _ => "step" };
    private static readonly Option<double> HeldOut = new("--held-out")
    {
        Description = "Hold out this share of the last phase's data (by seed) and export the epoch-end checkpoint with the lowest loss on it [default: 0, the last weights]",
    };
    private static readonly Option<bool> SkipMemoryCheck = new("--skip-memory-check") { Description = "Start even when the memory estimate exceeds what is available" };

    private static readonly PhaseOption<int> Epochs = new("epochs", "Epochs", s => s.Epochs);
    private static readonly PhaseOption<double> LearningRate = new("learning-rate", "Peak learning rate", s => s.LearningRate);
    private static readonly PhaseOption<int> EffectiveBatchSize = new("effective-batch-size", "Samples per optimizer step", s => s.EffectiveBatchSize);
    private static readonly PhaseOption<int> WarmupSteps = new("warmup-steps", "Linear warm-up steps", s => s.WarmupSteps);
    private static readonly PhaseOption<int> MaxBatchTokens = new("max-batch-tokens", "Padded tokens per micro-batch", s => s.MaxBatchTokens);
    private static readonly PhaseOption<int> SaveSamples = new("save-samples", "Also checkpoint every N samples (0: epoch ends only)", s => s.SaveSamples);
    private static readonly PhaseOption<double> WeightDecay = new("weight-decay", "AdamW weight decay", s => s.WeightDecay);

    public static void AddTo(Command command)
    {
        foreach (var option in new Option[] { Model, KnowledgeData, SkillsData, Output, CheckpointDir, Strategy, ChatTemplate, MaxSeqLen, MinSeqLen, SkipBadLines, Seed,
            LoraRank, LoraAlpha, LoraDropout, LoraTarget, OutputType, Name, Device, Threads, LossReductionOption, HeldOut, SkipMemoryCheck })
        {
            command.Options.Add(option);
        }
        foreach (var option in new IPhaseOption[] { Epochs, LearningRate, EffectiveBatchSize, WarmupSteps, MaxBatchTokens, SaveSamples, WeightDecay }.SelectMany(o => o.All))
        {
            command.Options.Add(option);
        }
    }

    public static TrainingRequest Request(ParseResult parseResult) => new()
    {
        BaseModel = parseResult.GetRequiredValue(Model),
        KnowledgeData = parseResult.GetValue(KnowledgeData),
        SkillsData = parseResult.GetValue(SkillsData),
        Output = parseResult.GetRequiredValue(Output),
        CheckpointDirectory = parseResult.GetValue(CheckpointDir),
        Strategy = parseResult.GetRequiredValue(Strategy) switch
        {
            "lab-multiphase" => TrainingStrategy.LabMultiphase,
            "knowledge-only" => TrainingStrategy.KnowledgeOnly,
            "skills-only" => TrainingStrategy.SkillsOnly,
            var other => throw new LabException($"--strategy '{other}': allowed are lab-multiphase, knowledge-only, skills-only."),
        },
        Knowledge = Phase(parseResult, "knowledge", PhaseSettings.KnowledgeDefaults),
        Skills = Phase(parseResult, "skills", PhaseSettings.SkillsDefaults),
        ChatTemplate = parseResult.GetValue(ChatTemplate),
        MaxSequenceLength = parseResult.GetValue(MaxSeqLen),
        MinSequenceLength = parseResult.GetValue(MinSeqLen),
        SkipBadLines = parseResult.GetValue(SkipBadLines),
        Seed = parseResult.GetValue(Seed),
        Lora = parseResult.GetValue(LoraRank) is { } rank
            ? new LoraSettings
            {
                Rank = rank,
                Alpha = parseResult.GetValue(LoraAlpha),
                Dropout = parseResult.GetValue(LoraDropout),
                Targets = [.. parseResult.GetRequiredValue(LoraTarget).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
            }
            : null,
        ExportType = parseResult.GetValue(OutputType) switch
        {
            null => null,
            var text when Enum.TryParse<GgmlType>(text, ignoreCase: true, out var type) => type,
            var other => throw new LabException($"--output-type '{other}': allowed are F32, F16, BF16, Q8_0, Q4_0."),
        },
        ModelName = parseResult.GetValue(Name),
        Device = parseResult.GetRequiredValue(Device),
        Threads = parseResult.GetValue(Threads),
        LossReduction = parseResult.GetRequiredValue(LossReductionOption) switch
        {
            "step" => LossReduction.Step,
            "micro-batch" => LossReduction.MicroBatch,
            var other => throw new LabException($"--loss-reduction '{other}': allowed are step, micro-batch."),
        },
        SkipMemoryCheck = parseResult.GetValue(SkipMemoryCheck),
        HeldOutFraction = parseResult.GetValue(HeldOut),
    };

    private static PhaseSettings Phase(ParseResult parseResult, string phase, PhaseSettings defaults) => new()
    {
        Epochs = Epochs.Value(parseResult, phase, defaults),
        LearningRate = LearningRate.Value(parseResult, phase, defaults),
        EffectiveBatchSize = EffectiveBatchSize.Value(parseResult, phase, defaults),
        WarmupSteps = WarmupSteps.Value(parseResult, phase, defaults),
        MaxBatchTokens = MaxBatchTokens.Value(parseResult, phase, defaults),
        SaveSamples = SaveSamples.Value(parseResult, phase, defaults),
        WeightDecay = WeightDecay.Value(parseResult, phase, defaults),
    };

    private interface IPhaseOption
    {
        IEnumerable<Option> All { get; }
    }

    /// <summary>--NAME, --knowledge-NAME and --skills-NAME; the phase's own wins, then the bare one, then the default.</summary>
    private sealed class PhaseOption<T>(string name, string description, Func<PhaseSettings, T> fallback) : IPhaseOption
        where T : struct
    {
        private readonly Option<T?> both = new($"--{name}") { Description = $"{description}, both phases" };
        private readonly Option<T?> knowledge = new($"--knowledge-{name}") { Description = $"{description}, knowledge phase [default: {fallback(PhaseSettings.KnowledgeDefaults)}]" };
        private readonly Option<T?> skills = new($"--skills-{name}") { Description = $"{description}, skills phase [default: {fallback(PhaseSettings.SkillsDefaults)}]" };

        public IEnumerable<Option> All => [both, knowledge, skills];

        public T Value(ParseResult parseResult, string phase, PhaseSettings defaults) =>
            parseResult.GetValue(phase == "knowledge" ? knowledge : skills) ?? parseResult.GetValue(both) ?? fallback(defaults);
    }
}
