using System.CommandLine;
using InstructLab.Aspire.Contracts.Training.V1;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary>
/// lab train submit's flags that score the last phase's epoch-end checkpoints through the evaluation service
/// (MT-Bench-branch on a taxonomy's changed skill leaves, MMLU-branch on generated questions) and publish the best;
/// without them the held-out loss decides.
/// </summary>
internal static class TrainEvaluationOptions
{
    private static readonly Option<string?> Taxonomy = new("--evaluate-taxonomy")
    {
        Description = "Score the candidates by MT-Bench-branch on this taxonomy's changed skill leaves (a folder or a git URL)",
    };

    private static readonly Option<string?> Base = new("--evaluate-base") { Description = "The git ref the changed leaves are found against [default: origin/main]" };
    private static readonly Option<string?> MmluBranch = new("--evaluate-mmlu-branch") { Description = "Also score by MMLU-branch on these questions (an artifact key, a generation job's mmlu_branch.jsonl)" };
    private static readonly Option<string?> JudgeUrl = new("--judge-url") { Description = "An OpenAI-compatible judge [default: the judging service's own]" };
    private static readonly Option<string?> JudgeModel = new("--judge") { Description = "The judge's model id" };
    private static readonly Option<string?> JudgeApiKey = new("--judge-api-key") { Description = "Key of --judge-url [env: LAB_JUDGE_API_KEY]" };
    private static readonly Option<int?> Limit = new("--evaluation-limit") { Description = "At most this many questions per benchmark group [default: all]" };
    private static readonly Option<int?> MaxCandidates = new("--max-candidates") { Description = "The last this many epoch ends are the candidates (1 to 20) [default: 5]" };

    public static IEnumerable<Option> All => [Taxonomy, Base, MmluBranch, JudgeUrl, JudgeModel, JudgeApiKey, Limit, MaxCandidates];

    /// <summary>The request's evaluation when a taxonomy or MMLU-branch questions are given; other flags alone are an error.</summary>
    public static CheckpointEvaluation? From(ParseResult parse)
    {
        var (taxonomy, mmlu) = (parse.GetValue(Taxonomy), parse.GetValue(MmluBranch));
        if (taxonomy is null && mmlu is null)
        {
            var stray = All.Where(o => o != Taxonomy && o != MmluBranch && parse.GetResult(o) is not null).Select(o => o.Name).ToList();
            return stray.Count == 0
                ? null
                : throw new LabException($"{string.Join(", ", stray)}: only with --evaluate-taxonomy or --evaluate-mmlu-branch (what the candidates are scored on).");
        }
        var evaluation = new CheckpointEvaluation
        {
            Base = parse.GetValue(Base) ?? "",
            MmluBranchKey = mmlu ?? "",
            Limit = parse.GetValue(Limit) ?? 0,
            MaxCandidates = parse.GetValue(MaxCandidates) ?? 0,
        };
        if (taxonomy is not null)
        {
            evaluation.Taxonomy = DataGenerateOptions.Source(taxonomy, null);
        }
        if (parse.GetValue(JudgeUrl) is not null || parse.GetValue(JudgeModel) is not null)
        {
            evaluation.Judge = DataGenerateOptions.Endpoint(parse.GetValue(JudgeUrl), parse.GetValue(JudgeModel),
                parse.GetValue(JudgeApiKey) ?? Environment.GetEnvironmentVariable("LAB_JUDGE_API_KEY"), "auto");
        }
        return evaluation;
    }
}
