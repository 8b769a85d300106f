using InstructLab.Aspire.Evaluations.Data;

namespace InstructLab.Aspire.Evaluations.Items;

/// <summary>A benchmark's items from its data files; every problem is an <see cref="EvaluationDataException"/> naming where.</summary>
public static class BenchmarkItems
{
    public sealed record Options(int FewShots, string Mode, IReadOnlyCollection<string> Subjects, int Limit);

    public static IReadOnlyList<EvaluationItem> Read(string benchmark, DataFiles data, Options options)
    {
        var items = Benchmarks.Check(benchmark) switch
        {
            Benchmarks.Mmlu => MmluData.Items(data, options.FewShots, options.Mode, options.Subjects, options.Limit),
            Benchmarks.MmluBranch => MmluBranchData.Items(data, options.Mode, options.Limit),
            Benchmarks.MultipleChoice => MultipleChoiceData.Items(data, options.Limit),
            Benchmarks.MtBench => MtBenchData.Items(data, options.Limit),
            Benchmarks.DkBench => DkBenchData.Items(data, options.Limit),
            _ => throw new EvaluationDataException("benchmark",
                $"{benchmark} takes its questions from a taxonomy's changed skill leaves, which this service does not read yet; run mt_bench on a question.jsonl instead"),
        };
        return items.Count > 0 ? items : throw new EvaluationDataException("data", "holds no item");
    }
}
