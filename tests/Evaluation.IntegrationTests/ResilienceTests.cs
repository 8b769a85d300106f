using InstructLab.Aspire.Contracts.Judging.V1;
using static InstructLab.Aspire.Evaluations.IntegrationTests.Evaluations;

namespace InstructLab.Aspire.Evaluations.IntegrationTests;

/// <summary>A judging instance killed mid-run: the other finishes the evaluation, every batch counted once, every result written once.</summary>
[Collection(nameof(Sequential))]
public sealed class ResilienceTests(EvaluationStack stack)
{
    [Fact]
    public async Task KillingAJudgingInstanceMidRunLosesAndRepeatsNothing()
    {
        var request = Request("mmlu", EvaluationStack.Stories, Shared("mmlu", p => p.Contains("global_facts", StringComparison.Ordinal) || p.Contains("machine_learning", StringComparison.Ordinal)));
        request.Options.FewShots = 1;
        request.Options.Limit = 15;
        // One item per work item: 30 work items, so the run is surely still going when the instance is killed.
        request.Options.BatchSize = 1;
        var started = await stack.ClientOf(1).RunAsync(request, cancellationToken: Cancel);

        // Kill the instance that took the request once some work is done (by either instance), mid-run.
        var seen = started;
        while (seen.ItemsDone < 2 && seen.State == EvaluationState.Running)
        {
            await Task.Delay(50, Cancel);
            seen = await stack.Client.GetAsync(new GetEvaluationRequest { Id = started.Id }, cancellationToken: Cancel);
        }
        await stack.KillJudgingAsync(1);
        try
        {
            var done = await WaitAsync(stack.Client, started.Id);

            Assert.Equal(EvaluationState.Completed, done.State);
            Assert.True(seen.ItemsDone < 30, $"the instance was killed after {seen.ItemsDone} items; the run had ended");
            Assert.Equal((30, 30), (done.ItemsDone, done.ItemsTotal));
            var results = await ResultsAsync(stack.Artifacts, done.Id);
            Assert.Equal(30, results.Count);
            Assert.Equal(30, results.Select(r => r.Id).Distinct().Count());
            var report = Report(await stack.Client.GetReportAsync(new GetEvaluationRequest { Id = done.Id }, cancellationToken: Cancel));
            Assert.Equal((30, 0), (report.Overall.Scored, report.Overall.Errors));
        }
        finally
        {
            await stack.StartJudgingAsync(1);
        }
    }
}
