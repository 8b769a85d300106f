namespace InstructLab.Aspire.Evaluations;

/// <summary>The benchmarks, by the names requests and the CLI use, and what each measures.</summary>
public static class Benchmarks
{
    public const string Mmlu = "mmlu";
    public const string MmluBranch = "mmlu_branch";
    public const string MtBench = "mt_bench";
    public const string MtBenchBranch = "mt_bench_branch";
    public const string DkBench = "dk_bench";
    public const string MultipleChoice = "mc";

    public static readonly IReadOnlyList<string> All = [Mmlu, MmluBranch, MtBench, MtBenchBranch, DkBench, MultipleChoice];

    public const string Accuracy = "accuracy";
    public const string Rating = "rating";

    /// <summary>Scored by log-likelihood (accuracy); the others are answered and rated by a judge.</summary>
    public static bool IsMultipleChoice(string benchmark) => benchmark is Mmlu or MmluBranch or MultipleChoice;

    /// <summary>Scored for a base model next to the model.</summary>
    public static bool IsBranch(string benchmark) => benchmark is MmluBranch or MtBenchBranch;

    public static bool NeedsJudge(string benchmark) => !IsMultipleChoice(benchmark);

    public static string MetricOf(string benchmark) => IsMultipleChoice(benchmark) ? Accuracy : Rating;

    /// <summary>The rating scale: DK-Bench 1–5, MT-Bench 1–10.</summary>
    public static (int Min, int Max) RatingScale(string benchmark) => benchmark == DkBench ? (1, 5) : (1, 10);

    /// <exception cref="EvaluationDataException">Not a benchmark this service runs.</exception>
    public static string Check(string benchmark) => All.Contains(benchmark)
        ? benchmark
        : throw new EvaluationDataException("benchmark", $"'{benchmark}' is not a benchmark; allowed: {string.Join(", ", All)}");
}
