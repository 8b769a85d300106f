using System.CommandLine;
using InstructLab.Aspire.Cli.Config;
using InstructLab.Aspire.Contracts.Training.V1;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary>What <c>lab cycle run</c> takes, and how it becomes a RunCycleRequest.</summary>
internal static class CycleRunOptions
{
    private static readonly Argument<string> Taxonomy = new("taxonomy")
    {
        Description = "The taxonomy: a folder the suite can read, or a git URL (with --ref).",
        DefaultValueFactory = _ => LabConfig.PathValue(ConfigKeys.TaxonomyPath),
    };

    private static readonly Option<string?> Ref = new("--ref") { Description = "Branch, tag or commit of a git taxonomy (default: the remote's HEAD)." };

    private static readonly Option<string> Base = new("--base")
    {
        Description = "Learn the leaves changed since this ref; 'empty' takes every leaf.",
        DefaultValueFactory = _ => LabConfig.Value(ConfigKeys.TaxonomyBase),
    };

    private static readonly Option<string?> Student = new("--student")
    {
        Description = "The model to train the first time: a published id, a model folder's id, artifact:KEY, a path or a URL [config: models.student; default: the suite's Models:Student, the downloaded student].",
        DefaultValueFactory = _ => LabConfig.Optional(ConfigKeys.Student),
    };

    private static readonly Option<string?> OutputId = new("--output-id")
    {
        Description = "The id the trained model is published as (default: the student's id, or its file name with -lab). A later cycle continues from its newest version.",
    };

    private static readonly Option<string?> Name = new("--name") { Description = "The cycle's name (default: the taxonomy folder's name)." };

    private static readonly Option<string[]> Pipelines = new("--pipeline")
    {
        Description = "Generation pipelines: simple, full or a file of the service's pipeline folder [config: generate.pipeline].",
        DefaultValueFactory = _ => LabConfig.Optional(ConfigKeys.Pipeline) is { } pipeline ? [pipeline] : [],
    };

    private static readonly Option<long?> Seed = new("--seed") { Description = "Seed of generation, training and evaluation (default 42)." };

    // As lab data generate has them.
    private static readonly Option<int> SamplesPerSeed = DataGenerateOptions.SamplesPerSeed;

    private static readonly Option<int> MaxRowsPerLeaf = DataGenerateOptions.MaxRowsPerLeaf;

    private static readonly Option<string?> TeacherUrl = new("--teacher-url") { Description = "An OpenAI-compatible teacher (default: the suite's serving service)." };

    private static readonly Option<string?> TeacherModel = new("--teacher")
    {
        Description = "The teacher's model id [config: models.teacher; default: the suite's Models:Teacher, the downloaded teacher].",
        DefaultValueFactory = _ => LabConfig.Optional(ConfigKeys.Teacher),
    };

    private static readonly Option<string?> TeacherApiKey = new("--teacher-api-key") { Description = "Key of --teacher-url [env: LAB_TEACHER_API_KEY]." };

    private static readonly Option<string?> JudgeUrl = new("--judge-url") { Description = "An OpenAI-compatible judge (default: the judging service's own)." };

    private static readonly Option<string?> JudgeModel = new("--judge")
    {
        Description = "The judge's model id, for generation's judge blocks and MT-Bench-branch [config: models.judge].",
        DefaultValueFactory = _ => LabConfig.Optional(ConfigKeys.Judge),
    };

    private static readonly Option<string?> JudgeApiKey = new("--judge-api-key") { Description = "Key of --judge-url [env: LAB_JUDGE_API_KEY]." };

    private static readonly Option<bool> NoReplay = new("--no-replay") { Description = "Do not replay the previous cycle's phase-2 data next to the new leaves'." };

    private static readonly Option<double> ReplayRatio = new("--replay-ratio") { Description = "Replayed lines per new phase-2 line (default 0.5)." };

    private static readonly Option<int> EvaluationLimit = new("--evaluation-limit") { Description = "Evaluation questions per changed leaf (default: all)." };

    private static readonly Option<int> MaxAnswerTokens = new("--max-answer-tokens") { Description = "Longest answer the models write in MT-Bench-branch (default 256)." };

    private static readonly Option<bool> SkipEvaluation = new("--skip-evaluation") { Description = "Publish without comparing the model with its base." };

    private static readonly TrainSubmitOptions.PhaseOption<int> Epochs = new("epochs", "Epochs", (o, v) => o.Epochs = v);

    private static readonly TrainSubmitOptions.PhaseOption<double> LearningRate = new("learning-rate", "Peak learning rate", (o, v) => o.LearningRate = v);

    private static readonly TrainSubmitOptions.PhaseOption<int> EffectiveBatchSize = new("effective-batch-size", "Samples per optimizer step", (o, v) => o.EffectiveBatchSize = v);

    public static void AddTo(Command command)
    {
        command.Arguments.Add(Taxonomy);
        foreach (var option in new Option[] { Ref, Base, Student, OutputId, Name, Pipelines, Seed, SamplesPerSeed, MaxRowsPerLeaf, TeacherUrl, TeacherModel,
                     TeacherApiKey, JudgeUrl, JudgeModel, JudgeApiKey, NoReplay, ReplayRatio, EvaluationLimit, MaxAnswerTokens, SkipEvaluation })
        {
            command.Options.Add(option);
        }
        foreach (var option in new TrainSubmitOptions.IPhaseOption[] { Epochs, LearningRate, EffectiveBatchSize }.SelectMany(o => o.All))
        {
            command.Options.Add(option);
        }
    }

    public static RunCycleRequest Request(ParseResult parse)
    {
        var request = new RunCycleRequest
        {
            Name = parse.GetValue(Name) ?? "",
            Taxonomy = DataGenerateOptions.Source(parse.GetRequiredValue(Taxonomy), parse.GetValue(Ref)),
            Base = parse.GetRequiredValue(Base),
            Student = Model(parse.GetValue(Student)),
            OutputModelId = parse.GetValue(OutputId) ?? "",
            Pipelines = { parse.GetValue(Pipelines) ?? [] },
            SamplesPerSeed = parse.GetValue(SamplesPerSeed),
            MaxRowsPerLeaf = parse.GetValue(MaxRowsPerLeaf),
            NoReplay = parse.GetValue(NoReplay),
            ReplayRatio = parse.GetValue(ReplayRatio),
            EvaluationLimit = parse.GetValue(EvaluationLimit),
            MaxAnswerTokens = parse.GetValue(MaxAnswerTokens),
            SkipEvaluation = parse.GetValue(SkipEvaluation),
            Knowledge = new PhaseOptions(),
            Skills = new PhaseOptions(),
        };
        if (parse.GetValue(TeacherUrl) is not null || parse.GetValue(TeacherModel) is not null)
        {
            request.Teacher = DataGenerateOptions.Endpoint(parse.GetValue(TeacherUrl), parse.GetValue(TeacherModel),
                parse.GetValue(TeacherApiKey) ?? Environment.GetEnvironmentVariable("LAB_TEACHER_API_KEY"), "auto");
        }
        if (parse.GetValue(JudgeUrl) is not null || parse.GetValue(JudgeModel) is not null)
        {
            request.Judge = DataGenerateOptions.Endpoint(parse.GetValue(JudgeUrl), parse.GetValue(JudgeModel),
                parse.GetValue(JudgeApiKey) ?? Environment.GetEnvironmentVariable("LAB_JUDGE_API_KEY"), "auto");
        }
        if (parse.GetValue(Seed) is { } seed)
        {
            request.Seed = seed;
        }
        foreach (var option in new TrainSubmitOptions.IPhaseOption[] { Epochs, LearningRate, EffectiveBatchSize })
        {
            option.Apply(parse, request.Knowledge, request.Skills);
        }
        return request;
    }

    /// <summary>A relative path is made absolute (the service reads it on this machine); ids, keys and URLs pass as given.</summary>
    private static string Model(string? model) =>
        model is { Length: > 0 } m && (m.StartsWith("./", StringComparison.Ordinal) || m.StartsWith("../", StringComparison.Ordinal) || m.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase))
            && !m.Contains(':', StringComparison.Ordinal)
            ? Path.GetFullPath(m)
            : model ?? "";
}
