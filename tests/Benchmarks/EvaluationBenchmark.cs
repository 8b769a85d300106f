using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using InstructLab.Aspire.ChatClients;
using InstructLab.Aspire.Evaluations;
using InstructLab.Aspire.Evaluations.Data;
using InstructLab.Aspire.Evaluations.Items;
using InstructLab.Aspire.Evaluations.Reports;
using InstructLab.Aspire.Evaluations.Results;
using InstructLab.Aspire.Serving;
using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.Benchmarks;

/// <summary>
/// Evaluation's wall time with local models through serving: MT-Bench (FastChat's 80 questions, two turns, answers and
/// judgments by the shared ChatML model through structured output) and 5-shot MMLU on stories260K, each with every
/// item in flight (how the evaluation service runs a work item) against one item at a time (how a sequential harness
/// runs), on a subset for the latter. Same machine, same models, one run.
/// </summary>
internal static class EvaluationBenchmark
{
    public static Command Command()
    {
        var perCategory = new Option<int>("--per-category") { Description = "MT-Bench questions per category (10: all 80).", DefaultValueFactory = _ => 10 };
        var answerTokens = new Option<int>("--answer-tokens") { Description = "The longest MT-Bench answer.", DefaultValueFactory = _ => 1024 };
        var sequential = new Option<int>("--sequential") { Description = "Items run one at a time for the comparison.", DefaultValueFactory = _ => 8 };
        var mmlu = new Option<int>("--mmlu-per-subject") { Description = "MMLU test items per subject (10 subjects).", DefaultValueFactory = _ => 5 };
        var command = new Command("evaluation", "Evaluation wall time: MT-Bench and MMLU, all items in flight against one at a time.") { perCategory, answerTokens, sequential, mmlu };
        command.SetAction(async parseResult =>
        {
            var options = new ServingOptions { ContextSize = 32768, MaxSequences = 16, MaxSequenceLength = 4096, QueueLength = 512 };
            options.Models["chatml"] = new ServedModelOptions { Path = Path.Combine(SharedFiles.Models, "synthetic", "tiny-random-llama-gpt2bpe-chatml.gguf"), Preload = true };
            options.Models["stories"] = new ServedModelOptions { Path = Path.Combine(SharedFiles.Models, "stories260K.gguf"), Preload = true };
            await using var app = StandaloneServer.Build(options, port: 0);
            await app.StartAsync();
            var url = StandaloneServer.Address(app);
            using var registry = new ChatEndpointRegistry(null, TimeSpan.Zero);

            var mtBench = MtBenchData.Items(Folder("mt_bench"), parseResult.GetValue(perCategory));
            var plan = Plan(Evaluations.Benchmarks.MtBench, mtBench.Count, parseResult.GetValue(answerTokens));
            async Task<(double Seconds, IReadOnlyList<ItemResult> Results)> JudgedAsync(IReadOnlyList<EvaluationItem> items, int concurrency)
            {
                var endpoint = await registry.GetAsync(new ChatEndpointOptions { Url = url, Model = "chatml", MaxConcurrency = concurrency, StructuredOutput = StructuredOutputMode.Always }, CancellationToken.None);
                var clock = Stopwatch.StartNew();
                var results = await BatchEvaluator.EvaluateAsync(plan, items, new EvaluationEndpoints(Model: endpoint, Judge: endpoint), CancellationToken.None);
                return (clock.Elapsed.TotalSeconds, results);
            }
            var (all, results) = await JudgedAsync(mtBench, 16);
            var (one, _) = await JudgedAsync(mtBench.Take(parseResult.GetValue(sequential)).ToList(), 1);
            var report = ReportBuilder.Build(plan, mtBench, results, DateTimeOffset.UtcNow);
            var perItemAll = all / mtBench.Count;
            var perItemOne = one / parseResult.GetValue(sequential);
            Console.WriteLine($"MT-Bench: {mtBench.Count} questions × 2 turns, answers ≤ {parseResult.GetValue(answerTokens)} tokens, model and judge the random ChatML model (structured output); 2 threads");
            Console.WriteLine();
            Console.WriteLine("| run | items | wall time | s/item | ratings read | mean rating |");
            Console.WriteLine("|---|---|---|---|---|---|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| all in flight (16) | {mtBench.Count} | {all:0.0} s | {perItemAll:0.00} | {report.Overall.Scored}/{report.Overall.Scored + report.Overall.Errors} | {report.Overall.Score:0.00} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| one at a time | {parseResult.GetValue(sequential)} | {one:0.0} s | {perItemOne:0.00} | | |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| **in flight ÷ one at a time (items/s)** | | | **{perItemOne / perItemAll:0.00}×** | | |"));
            Console.WriteLine();

            var mmluItems = MmluData.Items(Folder("mmlu"), 5, MmluPrompts.Plain, [], parseResult.GetValue(mmlu));
            var mmluPlan = Plan(Evaluations.Benchmarks.Mmlu, mmluItems.Count, 0);
            async Task<(double Seconds, IReadOnlyList<ItemResult> Results)> ScoredAsync(IReadOnlyList<EvaluationItem> items, int concurrency)
            {
                using var scorer = new ScoringEndpoint(new ChatEndpointOptions { Url = url, Model = "stories", MaxConcurrency = concurrency });
                var clock = Stopwatch.StartNew();
                var scored = await BatchEvaluator.EvaluateAsync(mmluPlan, items, new EvaluationEndpoints(Scorer: scorer), CancellationToken.None);
                return (clock.Elapsed.TotalSeconds, scored);
            }
            await ScoredAsync(mmluItems.Take(2).ToList(), 1);
            var (mmluAll, mmluResults) = await ScoredAsync(mmluItems, 8);
            var subset = mmluItems.Take(parseResult.GetValue(sequential) * 2).ToList();
            var (mmluOne, oneResults) = await ScoredAsync(subset, 1);
            var same = oneResults.Zip(mmluResults).Count(p => p.First.Model.Predicted == p.Second.Model.Predicted);
            var mmluReport = ReportBuilder.Build(mmluPlan, mmluItems, mmluResults, DateTimeOffset.UtcNow);
            Console.WriteLine($"MMLU: 10 subjects × {parseResult.GetValue(mmlu)} items, 5-shot plain, stories260K, each item's four choices in one request (shared prefix)");
            Console.WriteLine();
            Console.WriteLine("| run | items | wall time | items/s | accuracy |");
            Console.WriteLine("|---|---|---|---|---|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| all in flight (8) | {mmluItems.Count} | {mmluAll:0.0} s | {mmluItems.Count / mmluAll:0.00} | {Figures.Percent(mmluReport.Overall.Score)} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| one at a time | {subset.Count} | {mmluOne:0.0} s | {subset.Count / mmluOne:0.00} | |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| **in flight ÷ one at a time** | | | **{mmluItems.Count / mmluAll / (subset.Count / mmluOne):0.00}×** | same pick {same}/{subset.Count} |"));
            return 0;
        });
        return command;
    }

    private static DataFiles Folder(string name)
    {
        var root = Path.Combine(SharedFiles.Data, "eval", name);
        return new DataFiles(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllBytes));
    }

    private static EvaluationPlan Plan(string benchmark, int items, int answerTokens) => new()
    {
        Id = Guid.NewGuid(),
        Name = "bench",
        Benchmark = benchmark,
        Model = new PlanModel { Model = "bench" },
        Judge = new PlanModel { Model = "chatml" },
        BatchSize = Math.Max(1, items),
        MaxAnswerTokens = answerTokens > 0 ? answerTokens : 1024,
        Data = [],
        Items = items,
        ItemsKey = "",
        SubmittedAt = DateTimeOffset.UtcNow,
    };
}
