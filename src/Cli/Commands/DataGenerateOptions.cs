using System.CommandLine;
using InstructLab.Aspire.Cli.Config;
using InstructLab.Aspire.Contracts.Generation.V1;
using InstructLab.Aspire.Contracts.Suite.V1;
using InstructLab.Aspire.Contracts.Taxonomy.V1;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary>What <c>lab data generate</c> takes, and how it becomes a SubmitJob request.</summary>
internal static class DataGenerateOptions
{
    public static readonly Argument<string> Taxonomy = new("taxonomy")
    {
        Description = "The taxonomy: a folder the generation service can read, or a git URL (with --ref).",
        DefaultValueFactory = _ => LabConfig.PathValue(ConfigKeys.TaxonomyPath),
    };

    public static readonly Option<string?> Ref = new("--ref") { Description = "Branch, tag or commit of a git taxonomy (default: the remote's HEAD)." };

    public static readonly Option<string> Base = new("--base")
    {
        Description = "Generate for the leaves changed since this ref; 'empty' takes every leaf.",
        DefaultValueFactory = _ => LabConfig.Value(ConfigKeys.TaxonomyBase),
    };

    public static readonly Option<string[]> Pipelines = new("--pipeline")
    {
        Description = "Pipelines by name, first applicable wins: simple, full, a built-in, or a file of the service's pipeline folder [config: generate.pipeline; default: full].",
        DefaultValueFactory = _ => LabConfig.Optional(ConfigKeys.Pipeline) is { } pipeline ? [pipeline] : [],
    };

    public static readonly Option<string[]> PipelineFiles = new("--pipeline-file")
    {
        Description = "A custom pipeline YAML sent with the job and selected before --pipeline names (named by its file name).",
    };

    public static readonly Option<string?> Name = new("--name") { Description = "The job's name (default: the taxonomy folder's name)." };

    public static readonly Option<long> Seed = new("--seed") { Description = "Seed of every sampling choice: the same seed asks the same calls (and hits the cache)." };

    public static readonly Option<int> SamplesPerSeed = new("--samples-per-seed")
    {
        Description = "Samples per seed example or document chunk [config: generate.samples_per_seed; default: 4].",
        DefaultValueFactory = _ => LabConfig.Number(ConfigKeys.SamplesPerSeed),
    };

    public static readonly Option<int> BatchSize = new("--batch-size")
    {
        Description = "Input rows per worker batch [config: generate.batch_size; default: 4].",
        DefaultValueFactory = _ => LabConfig.Number(ConfigKeys.BatchSize),
    };

    public static readonly Option<int> MaxRowsPerLeaf = new("--max-rows-per-leaf")
    {
        Description = "At most this many input rows per leaf, for a quick trial [config: generate.max_rows_per_leaf; default: all].",
        DefaultValueFactory = _ => LabConfig.Number(ConfigKeys.MaxRowsPerLeaf),
    };

    public static readonly Option<int> ChunkTokens = new("--chunk-tokens") { Description = "Knowledge chunk size in tokens or words (default 500)." };

    public static readonly Option<string?> TeacherUrl = new("--teacher-url") { Description = "An OpenAI-compatible teacher (default: the suite's serving service)." };

    public static readonly Option<string?> TeacherModel = new("--teacher-model")
    {
        Description = "The teacher's model id [config: models.teacher; default: the suite's Models:Teacher: the downloaded teacher if served, else the first listed].",
        DefaultValueFactory = _ => LabConfig.Optional(ConfigKeys.Teacher),
    };

    public static readonly Option<string?> TeacherApiKey = new("--teacher-api-key") { Description = "Key of --teacher-url [env: LAB_TEACHER_API_KEY]." };

    public static readonly Option<string?> JudgeUrl = new("--judge-url") { Description = "An OpenAI-compatible judge for judge blocks (default: the judging service's own)." };

    public static readonly Option<string?> JudgeModel = new("--judge-model")
    {
        Description = "The judge's model id [config: models.judge].",
        DefaultValueFactory = _ => LabConfig.Optional(ConfigKeys.Judge),
    };

    public static readonly Option<string?> JudgeApiKey = new("--judge-api-key") { Description = "Key of --judge-url [env: LAB_JUDGE_API_KEY]." };

    public static readonly Option<string> StructuredOutput = new("--structured-output")
    {
        Description = "Send JSON schemas as response_format: auto (probe the teacher once), always or never.",
        DefaultValueFactory = _ => "auto",
    };

    public static readonly Option<string?> Replay = new("--replay") { Description = "Artifact key of an earlier skills_train_msgs.jsonl to replay into phase 2." };

    public static readonly Option<double> ReplayRatio = new("--replay-ratio") { Description = "Replayed lines per new phase-2 line (default 0.5 with --replay)." };

    public static readonly Option<int?> MmluBranchQuestions = new("--mmlu-branch-questions")
    {
        Description = "MMLU-branch questions per knowledge chunk, kept when the judge answers them as intended (default 1; 0: none).",
    };

    public static readonly Option<int> MaxBatchSeconds = new("--max-batch-seconds")
    {
        Description = "Stop an attempt at a batch after this many seconds and retry it (default and most: the service's Generation:Workers:MaxBatchTime).",
    };

    public static void AddTo(Command command)
    {
        command.Arguments.Add(Taxonomy);
        foreach (var option in new Option[] { Ref, Base, Pipelines, PipelineFiles, Name, Seed, SamplesPerSeed, BatchSize, MaxRowsPerLeaf, ChunkTokens,
                     TeacherUrl, TeacherModel, TeacherApiKey, JudgeUrl, JudgeModel, JudgeApiKey, StructuredOutput, Replay, ReplayRatio, MmluBranchQuestions, MaxBatchSeconds })
        {
            command.Options.Add(option);
        }
        StructuredOutput.AcceptOnlyFromAmong("auto", "always", "never");
    }

    /// <summary>The request; a pipeline file that cannot be read is a <see cref="LabException"/>.</summary>
    public static SubmitJobRequest Request(ParseResult parse)
    {
        var taxonomy = parse.GetRequiredValue(Taxonomy);
        var request = new SubmitJobRequest
        {
            Name = parse.GetValue(Name) ?? "",
            Taxonomy = Source(taxonomy, parse.GetValue(Ref)),
            Base = parse.GetRequiredValue(Base),
            Seed = parse.GetValue(Seed),
            SamplesPerSeed = parse.GetValue(SamplesPerSeed),
            BatchSize = parse.GetValue(BatchSize),
            MaxRowsPerLeaf = parse.GetValue(MaxRowsPerLeaf),
            Teacher = Endpoint(parse.GetValue(TeacherUrl), parse.GetValue(TeacherModel), parse.GetValue(TeacherApiKey) ?? Environment.GetEnvironmentVariable("LAB_TEACHER_API_KEY"), parse.GetRequiredValue(StructuredOutput)),
            ReplayDataset = parse.GetValue(Replay) ?? "",
            ReplayRatio = parse.GetValue(ReplayRatio),
            MaxBatchSeconds = parse.GetValue(MaxBatchSeconds),
        };
        if (parse.GetValue(JudgeUrl) is not null || parse.GetValue(JudgeModel) is not null)
        {
            request.Judge = Endpoint(parse.GetValue(JudgeUrl), parse.GetValue(JudgeModel), parse.GetValue(JudgeApiKey) ?? Environment.GetEnvironmentVariable("LAB_JUDGE_API_KEY"), "auto");
        }
        if (parse.GetValue(MmluBranchQuestions) is { } questions)
        {
            request.MmluBranchQuestions = questions;
        }
        if (parse.GetValue(ChunkTokens) is > 0 and var tokens)
        {
            request.Chunking = new ChunkingOptions { MaxTokens = tokens, OverlapTokens = Math.Max(0, tokens / 10) };
        }
        foreach (var file in parse.GetValue(PipelineFiles) ?? [])
        {
            var name = System.IO.Path.GetFileNameWithoutExtension(file);
            try
            {
                request.PipelineFiles.Add(new PipelineFile { Name = name, Yaml = File.ReadAllText(file) });
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new LabException($"--pipeline-file {file}: {e.Message}");
            }
            request.Pipelines.Add(name);
        }
        request.Pipelines.AddRange(parse.GetValue(Pipelines) ?? []);
        return request;
    }

    internal static ChatEndpoint Endpoint(string? url, string? model, string? key, string structured) => new()
    {
        Url = url ?? "",
        Model = model ?? "",
        ApiKey = key ?? "",
        StructuredOutput = structured switch
        {
            "always" => Contracts.Suite.V1.StructuredOutput.Always,
            "never" => Contracts.Suite.V1.StructuredOutput.Never,
            _ => Contracts.Suite.V1.StructuredOutput.Auto,
        },
    };

    /// <summary>A folder (made absolute: the service resolves it on this machine) or a git URL at a ref.</summary>
    internal static TaxonomySource Source(string taxonomy, string? gitRef) => IsGitUrl(taxonomy)
        ? new TaxonomySource { Git = new GitSource { Url = taxonomy, Ref = gitRef ?? "" } }
        : new TaxonomySource { LocalPath = Path.GetFullPath(taxonomy) };

    internal static bool IsGitUrl(string taxonomy) =>
        taxonomy.Contains("://", StringComparison.Ordinal) || (taxonomy.Contains('@') && taxonomy.Contains(':'));
}
