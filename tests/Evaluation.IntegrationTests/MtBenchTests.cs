using InstructLab.Aspire.Contracts.Judging.V1;
using InstructLab.Aspire.Contracts.Suite.V1;
using InstructLab.Aspire.Evaluations.Results;
using static InstructLab.Aspire.Evaluations.IntegrationTests.Evaluations;

namespace InstructLab.Aspire.Evaluations.IntegrationTests;

/// <summary>
/// MT-Bench and DK-Bench answered and judged by the tiny ChatML model through serving's structured output: every
/// judgment read or counted as an error, the report's figures recomputed from the stored judgments; a judge that
/// answers garbage gives error rate 1 and says why.
/// </summary>
public sealed class MtBenchTests(EvaluationStack stack)
{
    [Fact]
    public async Task EveryTurnIsJudgedAndTheReportRecomputesFromTheStoredJudgments()
    {
        var request = Request("mt_bench", EvaluationStack.Chat, Shared("mt_bench", p => p != "judge_prompts.jsonl"));
        request.Options.Limit = 1;
        request.Options.MaxAnswerTokens = 48;
        request.Judge = new ChatEndpoint { Model = EvaluationStack.Chat, StructuredOutput = StructuredOutput.Always };

        var done = await WaitAsync(stack.Client, (await stack.Client.RunAsync(request, cancellationToken: Cancel)).Id);

        Assert.Equal(EvaluationState.Completed, done.State);
        Assert.Equal((8, 8), (done.ItemsDone, done.ItemsTotal));
        Assert.Equal(EvaluationStack.Chat, done.JudgeModel);
        var results = await ResultsAsync(stack.Artifacts, done.Id);
        var turns = results.SelectMany(r => r.Model.Turns!).ToList();
        Assert.Equal(16, turns.Count);
        Assert.All(turns, turn => Assert.True(turn.Rating is >= 1 and <= 10 ^ turn.Error is not null, $"turn {turn.Turn}: rating {turn.Rating}, error {turn.Error}"));
        Assert.All(turns.Where(t => t.Rating is not null), turn => Assert.True(turn.Structured));
        var rated = turns.Where(t => t.Rating is not null).Select(t => t.Rating!.Value).ToList();

        var report = Report(await stack.Client.GetReportAsync(new GetEvaluationRequest { Id = done.Id }, cancellationToken: Cancel));
        Assert.Equal(rated.Count == 0 ? 0 : rated.Average(), report.Overall.Score, 12);
        Assert.Equal((rated.Count, 16 - rated.Count), (report.Overall.Scored, report.Overall.Errors));
        Assert.Equal(8, report.Groups.Count);
        foreach (var group in report.Groups)
        {
            var ratings = results.Where(r => r.Group == group.Group).SelectMany(r => r.Model.Turns!).Where(t => t.Rating is not null).Select(t => t.Rating!.Value).ToList();
            Assert.Equal(ratings.Count == 0 ? 0 : ratings.Average(), group.Model.Score, 12);
        }
        Assert.Equal([1, 2], report.Turns.Select(t => t.Turn));
        Assert.Equal(16, report.Turns.Sum(t => t.Model.Scored + t.Model.Errors));
        Assert.Equal(EvaluationStack.Chat, report.Judge);
    }

    [Fact]
    public async Task AJudgeAnsweringGarbageGivesErrorRateOneWithTheReason()
    {
        await using var judge = await FakeJudge.StartAsync();
        var request = Request("dk_bench", EvaluationStack.Chat, Text("facts.jsonl", """
            {"user_input": "What is the capital of France?", "reference": "Paris", "response": "Paris."}
            {"user_input": "How many legs has a spider?", "reference": "Eight"}
            """));
        request.Judge = new ChatEndpoint { Url = judge.Address.ToString(), Model = FakeJudge.Model };
        request.Options.MaxAnswerTokens = 16;

        var done = await WaitAsync(stack.Client, (await stack.Client.RunAsync(request, cancellationToken: Cancel)).Id);

        Assert.Equal(EvaluationState.Completed, done.State);
        Assert.Equal((1.0, 2), (done.ErrorRate, done.Errors));
        var report = Report(await stack.Client.GetReportAsync(new GetEvaluationRequest { Id = done.Id }, cancellationToken: Cancel));
        Assert.Equal((0, 2), (report.Overall.Scored, report.Overall.Errors));
        Assert.All(report.Worst, item => Assert.StartsWith("no rating in the answer", item.Error));
        Assert.Equal("Paris.", report.Worst.Single(w => w.Id == "facts/1#1").Answer);
        Assert.True(judge.Calls >= 2, $"{judge.Calls} judge calls");
    }
}
