using System.CommandLine;
using InstructLab.Aspire.Contracts.Training.V1;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary><c>lab train submit</c>'s options and the request they make (phase options as <c>lab model train</c> has them).</summary>
internal static class TrainSubmitOptions
{
    private static readonly Option<string> Model = new("--model", "-m")
    {
        Description = "The student: a model id the suite published, artifact:KEY, an absolute path the service may read, or an http(s) URL",
        Required = true,
    };
    private static readonly Option<string> OutputId = new("--output-id", "-o") { Description = "The id serving will answer to (a new version when it exists)", Required = true };
    private static readonly Option<string?> DataJob = new("--data-job") { Description = "A completed generation job (lab data list) whose dataset to train on" };
    private static readonly Option<string?> KnowledgeData = new("--knowledge-data") { Description = "Phase 1 data: an artifact key of knowledge_train_msgs.jsonl" };
    private static readonly Option<string?> SkillsData = new("--skills-data") { Description = "Phase 2 data: an artifact key of skills_train_msgs.jsonl" };
    private static readonly Option<string?> Name = new("--name") { Description = "Shown in lists and the model card [default: the output id]" };
    private static readonly Option<string?> Strategy = new("--strategy") { Description = "lab-multiphase (knowledge, then skills), knowledge-only or skills-only" };
    private static readonly Option<int?> Seed = new("--seed") { Description = "Seed of every random choice [default: 42]" };
    private static readonly Option<int?> MaxSeqLen = new("--max-seq-len") { Description = "Drop longer samples (tokens) [default: 4096, at most the model's context]" };
    private static readonly Option<int?> LoraRank = new("--lora-rank") { Description = "Train LoRA adapters of this rank instead of every weight" };
    private static readonly Option<string?> ExportType = new("--output-type") { Description = "F32, F16, BF16, Q8_0 or Q4_0 [default: F32 below 100M parameters, else F16]" };
    private static readonly Option<double?> HeldOut = new("--held-out")
    {
        Description = "Share of the last phase's data held out to choose the published epoch by its loss [default: 0.1; 0: the last epoch]",
    };
    private static readonly Option<bool> SkipBadLines = new("--skip-bad-lines") { Description = "Skip and count bad data lines instead of refusing the job" };

    private static readonly PhaseOption<int> Epochs = new("epochs", "Epochs", (o, v) => o.Epochs = v);
    private static readonly PhaseOption<double> LearningRate = new("learning-rate", "Peak learning rate", (o, v) => o.LearningRate = v);
    private static readonly PhaseOption<int> EffectiveBatchSize = new("effective-batch-size", "Samples per optimizer step", (o, v) => o.EffectiveBatchSize = v);
    private static readonly PhaseOption<int> WarmupSteps = new("warmup-steps", "Linear warm-up steps", (o, v) => o.WarmupSteps = v);
    private static readonly PhaseOption<int> MaxBatchTokens = new("max-batch-tokens", "Padded tokens per micro-batch", (o, v) => o.MaxBatchTokens = v);
    private static readonly PhaseOption<int> SaveSamples = new("save-samples", "Also checkpoint every N samples (0: epoch ends only)", (o, v) => o.SaveSamples = v);

    public static void AddTo(Command command)
    {
        foreach (var option in new Option[] { Model, OutputId, DataJob, KnowledgeData, SkillsData, Name, Strategy, Seed, MaxSeqLen, LoraRank, ExportType, HeldOut, SkipBadLines })
        {
            command.Options.Add(option);
        }
        foreach (var option in new IPhaseOption[] { Epochs, LearningRate, EffectiveBatchSize, WarmupSteps, MaxBatchTokens, SaveSamples }.SelectMany(o => o.All))
        {
            command.Options.Add(option);
        }
        foreach (var option in TrainEvaluationOptions.All)
        {
            command.Options.Add(option);
        }
    }

    public static SubmitTrainingJobRequest Request(ParseResult parseResult)
    {
        var request = new SubmitTrainingJobRequest
        {
            BaseModel = parseResult.GetRequiredValue(Model),
            OutputModelId = parseResult.GetRequiredValue(OutputId),
            Name = parseResult.GetValue(Name) ?? "",
            Strategy = parseResult.GetValue(Strategy) ?? "",
            MaxSequenceLength = parseResult.GetValue(MaxSeqLen) ?? 0,
            ExportType = parseResult.GetValue(ExportType) ?? "",
            SkipBadLines = parseResult.GetValue(SkipBadLines),
            Knowledge = new PhaseOptions(),
            Skills = new PhaseOptions(),
            Data = (parseResult.GetValue(DataJob), parseResult.GetValue(KnowledgeData), parseResult.GetValue(SkillsData)) switch
            {
                ({ } job, null, null) => new TrainingData { GenerationJobId = job },
                (null, var knowledge, var skills) when knowledge is not null || skills is not null =>
                    new TrainingData { Files = new DatasetFiles { KnowledgeKey = knowledge ?? "", SkillsKey = skills ?? "" } },
                (null, null, null) => throw new LabException("give --data-job JOB (a completed generation job) or --knowledge-data/--skills-data KEY."),
                _ => throw new LabException("give either --data-job or --knowledge-data/--skills-data, not both."),
            },
        };
        if (parseResult.GetValue(Seed) is { } seed)
        {
            request.Seed = seed;
        }
        if (parseResult.GetValue(HeldOut) is { } heldOut)
        {
            request.HeldOutFraction = heldOut;
        }
        if (parseResult.GetValue(LoraRank) is { } rank)
        {
            request.Lora = new LoraOptions { Rank = rank };
        }
        foreach (var option in new IPhaseOption[] { Epochs, LearningRate, EffectiveBatchSize, WarmupSteps, MaxBatchTokens, SaveSamples })
        {
            option.Apply(parseResult, request.Knowledge, request.Skills);
        }
        request.Evaluation = TrainEvaluationOptions.From(parseResult);
        return request;
    }

    internal interface IPhaseOption
    {
        IEnumerable<Option> All { get; }

        void Apply(ParseResult parseResult, PhaseOptions knowledge, PhaseOptions skills);
    }

    /// <summary>--NAME, --knowledge-NAME and --skills-NAME; the phase's own wins, then the bare one, then the service's default.</summary>
    internal sealed class PhaseOption<T>(string name, string description, Action<PhaseOptions, T> set) : IPhaseOption
        where T : struct
    {
        private readonly Option<T?> both = new($"--{name}") { Description = $"{description}, both phases" };
        private readonly Option<T?> knowledge = new($"--knowledge-{name}") { Description = $"{description}, knowledge phase" };
        private readonly Option<T?> skills = new($"--skills-{name}") { Description = $"{description}, skills phase" };

        public IEnumerable<Option> All => [both, knowledge, skills];

        public void Apply(ParseResult parseResult, PhaseOptions knowledgeOptions, PhaseOptions skillsOptions)
        {
            if ((parseResult.GetValue(knowledge) ?? parseResult.GetValue(both)) is { } k)
            {
                set(knowledgeOptions, k);
            }
            if ((parseResult.GetValue(skills) ?? parseResult.GetValue(both)) is { } s)
            {
                set(skillsOptions, s);
            }
        }
    }
}
