using System.CommandLine;
using Google.Protobuf;
using InstructLab.Aspire.Contracts.Judging.V1;
using InstructLab.Aspire.Contracts.Suite.V1;
using InstructLab.Aspire.Contracts.Taxonomy.V1;
using InstructLab.Aspire.Evaluations;
using InstructLab.Aspire.Taxonomy.Git;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary>The options of <c>lab model evaluate</c> and the request they make.</summary>
internal static class ModelEvaluateOptions
{
    /// <summary>Files a data folder may hold; more is surely the wrong folder.</summary>
    public const int MaxDataFiles = 10_000;

    public const string ArtifactPrefix = "artifact:";

    public static readonly Option<string> Benchmark = new("--benchmark", "-b")
    {
        Description = $"What to run: {string.Join(", ", Benchmarks.All)}.",
        Required = true,
    };

    public static readonly Option<string> Model = new("--model", "-m") { Description = "The model under test: a model id of the suite's serving, or of --model-url.", Required = true };
    public static readonly Option<string?> ModelUrl = new("--model-url") { Description = "An OpenAI-compatible endpoint serving --model (default: the suite's serving)." };
    public static readonly Option<string?> ModelApiKey = new("--model-api-key") { Description = "Key of --model-url (or LAB_MODEL_API_KEY)." };
    public static readonly Option<string?> BaseModel = new("--base-model") { Description = "The base model for mmlu_branch and mt_bench_branch." };
    public static readonly Option<string?> BaseUrl = new("--base-url") { Description = "An OpenAI-compatible endpoint serving --base-model (default: the suite's serving)." };
    public static readonly Option<string?> JudgeModel = new("--judge-model") { Description = "The judge's model id (default: the judging service's configured judge)." };
    public static readonly Option<string?> JudgeUrl = new("--judge-url") { Description = "An OpenAI-compatible endpoint as the judge." };
    public static readonly Option<string?> JudgeApiKey = new("--judge-api-key") { Description = "Key of --judge-url (or LAB_JUDGE_API_KEY)." };

    public static readonly Option<string[]> Data = new("--data", "-d")
    {
        Description = $"The benchmark's files: a file or a folder (read recursively), or {ArtifactPrefix}KEY in the artifact store. Repeatable.",
        AllowMultipleArgumentsPerToken = false,
    };

    public static readonly Option<string?> Taxonomy = new("--taxonomy") { Description = "mt_bench_branch: the taxonomy (folder or git URL) whose changed skill leaves are asked about." };
    public static readonly Option<string?> Branch = new("--branch") { Description = "mt_bench_branch: the branch of a git URL --taxonomy (a local folder is read as checked out)." };
    public static readonly Option<string> Base = new("--base") { Description = $"mt_bench_branch: the ref the leaves changed against; '{TaxonomyDiff.Empty}' takes every leaf.", DefaultValueFactory = _ => TaxonomyDiff.DefaultBase };
    public static readonly Option<int?> FewShots = new("--few-shots") { Description = "MMLU: examples from the dev file before each question (0-10, default 5)." };
    public static readonly Option<string?> Mode = new("--mode") { Description = "MMLU: plain (raw prompt, as lm-evaluation-harness) or chat (the model's chat template, as ilab)." };
    public static readonly Option<string[]> Subjects = new("--subject") { Description = "MMLU: a subject to run (repeatable; default all in the data)." };
    public static readonly Option<int> Limit = new("--limit") { Description = "At most this many items per subject, category or file (quick runs)." };
    public static readonly Option<int> BatchSize = new("--batch-size") { Description = "Items per work item (default: the service's)." };
    public static readonly Option<long> Seed = new("--seed") { Description = "Seed of sampled answers and judgments." };
    public static readonly Option<int> MaxAnswerTokens = new("--max-answer-tokens") { Description = "mt_bench/dk_bench: the longest answer (default 1024)." };
    public static readonly Option<string?> Name = new("--name") { Description = "A name for lists and the report." };

    public static readonly Option<double> MaxErrorRate = new("--max-error-rate")
    {
        Description = "Exit 1 when more than this share of scorings or ratings could not be made or read.",
        DefaultValueFactory = _ => 0.1,
    };

    public static void AddTo(Command command)
    {
        foreach (var option in new Option[] { Benchmark, Model, ModelUrl, ModelApiKey, BaseModel, BaseUrl, JudgeModel, JudgeUrl, JudgeApiKey, Data, Taxonomy, Branch, Base,
                     FewShots, Mode, Subjects, Limit, BatchSize, Seed, MaxAnswerTokens, Name, MaxErrorRate })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The request; an unreadable data path or a bad combination is a <see cref="LabException"/> (exit 2).</summary>
    public static RunEvaluationRequest Request(ParseResult parse)
    {
        var benchmark = parse.GetRequiredValue(Benchmark);
        var request = new RunEvaluationRequest
        {
            Benchmark = benchmark,
            Name = parse.GetValue(Name) ?? "",
            Model = Endpoint(parse.GetValue(ModelUrl), parse.GetRequiredValue(Model), parse.GetValue(ModelApiKey) ?? Environment.GetEnvironmentVariable("LAB_MODEL_API_KEY")),
            Options = new EvaluationOptions
            {
                Mode = parse.GetValue(Mode) ?? "",
                Limit = parse.GetValue(Limit),
                BatchSize = parse.GetValue(BatchSize),
                Seed = parse.GetValue(Seed),
                MaxAnswerTokens = parse.GetValue(MaxAnswerTokens),
                Subjects = { parse.GetValue(Subjects) ?? [] },
            },
            Base = parse.GetRequiredValue(Base),
        };
        if (parse.GetValue(FewShots) is { } shots)
        {
            request.Options.FewShots = shots;
        }
        if (parse.GetValue(BaseModel) is { } baseModel)
        {
            request.BaseModel = Endpoint(parse.GetValue(BaseUrl), baseModel, parse.GetValue(ModelApiKey) ?? Environment.GetEnvironmentVariable("LAB_MODEL_API_KEY"));
        }
        if (parse.GetValue(JudgeUrl) is not null || parse.GetValue(JudgeModel) is not null)
        {
            request.Judge = Endpoint(parse.GetValue(JudgeUrl), parse.GetValue(JudgeModel) ?? "", parse.GetValue(JudgeApiKey) ?? Environment.GetEnvironmentVariable("LAB_JUDGE_API_KEY"));
        }
        if (parse.GetValue(Taxonomy) is { } taxonomy)
        {
            var git = DataGenerateOptions.IsGitUrl(taxonomy);
            if (!git && parse.GetValue(Branch) is not null)
            {
                throw new LabException($"--branch: {taxonomy} is a local folder, read as checked out; check the branch out there (or give the taxonomy as a git URL)", ExitCodes.Usage);
            }
            request.Taxonomy = git
                ? new TaxonomySource { Git = new GitSource { Url = taxonomy, Ref = parse.GetValue(Branch) ?? "" } }
                : new TaxonomySource { LocalPath = Path.GetFullPath(taxonomy) };
        }
        foreach (var data in parse.GetValue(Data) ?? [])
        {
            request.Data.AddRange(DataFiles(data));
        }
        return request;
    }

    /// <summary>A path's files as the request carries them: a file by its name, a folder's files by their path inside it.</summary>
    private static IEnumerable<DataFile> DataFiles(string data)
    {
        if (data.StartsWith(ArtifactPrefix, StringComparison.Ordinal))
        {
            var key = data[ArtifactPrefix.Length..];
            return [new DataFile { Path = key.Split('/')[^1], ArtifactKey = key }];
        }
        try
        {
            if (File.Exists(data))
            {
                return [new DataFile { Path = Path.GetFileName(data), Content = ByteString.CopyFrom(File.ReadAllBytes(data)) }];
            }
            if (!Directory.Exists(data))
            {
                throw new LabException($"--data {data}: no such file or folder", ExitCodes.Usage);
            }
            var files = Directory.EnumerateFiles(data, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
                .Where(f => !Path.GetRelativePath(data, f).Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.')))
                .Take(MaxDataFiles + 1).Order(StringComparer.Ordinal).ToList();
            if (files.Count > MaxDataFiles)
            {
                throw new LabException($"--data {data}: more than {MaxDataFiles} files; point at the benchmark's own folder", ExitCodes.Usage);
            }
            return files.Select(f => new DataFile
            {
                Path = Path.GetRelativePath(data, f).Replace(Path.DirectorySeparatorChar, '/'),
                Content = ByteString.CopyFrom(File.ReadAllBytes(f)),
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LabException($"--data {data}: {e.Message}", ExitCodes.Usage);
        }
    }

    private static ChatEndpoint Endpoint(string? url, string model, string? key) => new() { Url = url ?? "", Model = model, ApiKey = url is null ? "" : key ?? "" };
}
