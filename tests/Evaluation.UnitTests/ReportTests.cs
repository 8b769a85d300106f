using InstructLab.Aspire.ChatClients;
using InstructLab.Aspire.Evaluations.Data;
using InstructLab.Aspire.Evaluations.Items;
using InstructLab.Aspire.Evaluations.Reports;
using InstructLab.Aspire.Evaluations.Results;

namespace InstructLab.Aspire.Evaluations.UnitTests;

/// <summary>Reports aggregate stored results: MMLU as the mean of subject means, branch runs as deltas, errors counted apart.</summary>
public sealed class ReportTests
{
    [Fact]
    public void MmluOverallIsTheUnweightedMeanOfSubjectAccuracies()
    {
        // Subject a: 3 of 4 right; subject b: 0 of 1, 1 unscorable. Micro would be 3/5; macro is (0.75 + 0) / 2.
        var items = new[] { Choice("a/0", "a", 0), Choice("a/1", "a", 1), Choice("a/2", "a", 2), Choice("a/3", "a", 3), Choice("b/0", "b", 0), Choice("b/1", "b", 0) };
        var results = new[]
        {
            Scored(items[0], [-1, -2, -3, -4]), Scored(items[1], [-2, -1, -3, -4]), Scored(items[2], [-3, -2, -1, -4]), Scored(items[3], [-1, -2, -3, -4]),
            Scored(items[4], [-9, -1, -3, -4]),
            new ItemResult { Id = "b/1", Group = "b", Model = new Outcome { Answer = 0, Error = "the prompt does not fit" } },
        };

        var report = ReportBuilder.Build(Plan(Benchmarks.Mmlu), items, results, DateTimeOffset.UnixEpoch.AddSeconds(10));

        Assert.Equal(0.375, report.Overall.Score, 12);
        Assert.Equal((5, 1), (report.Overall.Scored, report.Overall.Errors));
        Assert.Equal(1.0 / 6, report.Overall.ErrorRate, 12);
        Assert.Equal([("a", 0.75), ("b", 0.0)], report.Groups.Select(g => (g.Group, g.Model.Score)));
        Assert.Equal(["b/1", "b/0", "a/3"], report.Worst.Select(w => w.Id));
        Assert.Equal(("B", "A"), (report.Worst[1].Answer, report.Worst[1].Expected));
        Assert.Equal(10, report.Seconds);
        var markdown = ReportMarkdown.Write(report);
        Assert.Contains("| Accuracy | **37.5%** |", markdown);
        Assert.Contains("| a | 75.0% | 4 | 0 |", markdown);
    }

    [Fact]
    public void TheNormalisedAccuracyPicksByLogprobPerCharacter()
    {
        // " A" and " BBBB": sums -2 and -3; per character -1 and -0.6, so the normalised pick is the long one.
        var item = new EvaluationItem { Id = "x/0", Group = "x", Prompt = "p", Continuations = [" A", " BBBB"], Answer = 1 };
        var outcome = new Outcome
        {
            Logprobs = [-2, -3],
            Predicted = 0,
            PredictedNormalized = Scoring.ChoiceScorer.ArgMax([-2 / 2.0, -3 / 5.0]),
            Answer = 1,
        };

        var report = ReportBuilder.Build(Plan(Benchmarks.MultipleChoice), [item], [new ItemResult { Id = "x/0", Group = "x", Model = outcome }], DateTimeOffset.UnixEpoch);

        Assert.Equal((0.0, 1.0), (report.Overall.Score, report.Overall.Normalized!.Value));
    }

    [Fact]
    public void JudgedRunsReportPerTurnAndLeaveUnreadRatingsOutOfTheMean()
    {
        var item = new EvaluationItem { Id = "mt/1", Group = "writing", Turns = ["q1", "q2"] };
        var result = new ItemResult
        {
            Id = "mt/1",
            Group = "writing",
            Model = new Outcome { Turns = [new TurnOutcome { Turn = 1, Answer = "a1", Rating = 8 }, new TurnOutcome { Turn = 2, Answer = "a2", Error = "no rating in the answer" }] },
        };
        var other = new ItemResult { Id = "mt/2", Group = "writing", Model = new Outcome { Turns = [new TurnOutcome { Turn = 1, Answer = "b1", Rating = 4 }, new TurnOutcome { Turn = 2, Answer = "b2", Rating = 6 }] } };

        var report = ReportBuilder.Build(Plan(Benchmarks.MtBench), [item, item with { Id = "mt/2" }], [result, other], DateTimeOffset.UnixEpoch);

        Assert.Equal((6.0, 3, 1), (report.Overall.Score, report.Overall.Scored, report.Overall.Errors));
        Assert.Equal([(1, 6.0, 0), (2, 6.0, 1)], report.Turns.Select(t => (t.Turn, t.Model.Score, t.Model.Errors)));
        Assert.Equal("mt/1#2", report.Worst[0].Id);
        Assert.Equal("no rating in the answer", report.Worst[0].Error);
        Assert.Null(report.Overall.Normalized);
    }

    [Fact]
    public void BranchRunsGiveEachLeafADeltaAndAVerdict()
    {
        static ItemResult Judged(string id, string leaf, double model, double @base) => new()
        {
            Id = id,
            Group = leaf,
            Model = new Outcome { Turns = [new TurnOutcome { Turn = 1, Answer = "m", Rating = model }] },
            Base = new Outcome { Turns = [new TurnOutcome { Turn = 1, Answer = "b", Rating = @base }] },
        };
        var results = new[] { Judged("a/0", "a", 8, 5), Judged("b/0", "b", 3, 6), Judged("c/0", "c", 5, 5) };
        var items = results.Select(r => new EvaluationItem { Id = r.Id, Group = r.Group, Turns = ["q"] }).ToList();

        var report = ReportBuilder.Build(Plan(Benchmarks.MtBenchBranch) with { BaseModel = new PlanModel { Model = "base" } }, items, results, DateTimeOffset.UnixEpoch);

        Assert.Equal([("a", 3.0, "improved"), ("b", -3.0, "regressed"), ("c", 0.0, "unchanged")], report.Groups.Select(g => (g.Group, g.Delta!.Value, g.Verdict!)));
        Assert.Equal((16.0 / 3, 16.0 / 3), (report.Overall.Score, report.BaseOverall!.Score));
        Assert.Contains("| a | 8.00 | 5.00 | +3.00 | improved | 1 | 0 |", ReportMarkdown.Write(report));
    }

    [Fact]
    public void AContinuationsLogprobIsTheSumOverTheTokensThatSpellIt()
    {
        var prompt = new ScoredPrompt(["<s>", "Answer", ":", " A"], [null, -1.5, -0.25, -2.0]);

        Assert.Equal((-2.0, 1), prompt.Tail(" A".Length));
        Assert.Equal((-2.25, 2), prompt.Tail(": A".Length));
        Assert.Throws<InvalidOperationException>(() => prompt.Tail(100));
    }

    private static EvaluationItem Choice(string id, string group, int answer) =>
        new() { Id = id, Group = group, Prompt = $"Question {id}\nAnswer:", Continuations = [" A", " B", " C", " D"], Answer = answer };

    private static ItemResult Scored(EvaluationItem item, double[] logprobs) => new()
    {
        Id = item.Id,
        Group = item.Group,
        Model = new Outcome
        {
            Logprobs = logprobs,
            Predicted = Scoring.ChoiceScorer.ArgMax(logprobs),
            PredictedNormalized = Scoring.ChoiceScorer.ArgMax(logprobs),
            Answer = item.Answer,
        },
    };

    private static EvaluationPlan Plan(string benchmark) => new()
    {
        Id = Guid.Empty,
        Name = "test",
        Benchmark = benchmark,
        Model = new PlanModel { Model = "m" },
        BatchSize = 4,
        Data = [new DataFileHash("x.csv", 1, "00")],
        Items = 0,
        ItemsKey = "k",
        SubmittedAt = DateTimeOffset.UnixEpoch,
    };
}
