using System.Diagnostics;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Contracts.Messages.Evaluation;
using InstructLab.Aspire.Evaluations;
using InstructLab.Aspire.Evaluations.Results;
using InstructLab.Aspire.Hosting.Sagas;
using MassTransit;

namespace InstructLab.Aspire.Judging.Api.Evaluations;

/// <summary>
/// A worker: evaluates one batch of items and writes their results under a key derived from the evaluation and the
/// batch. A batch whose results are there already (redelivery, a killed worker's work item) is announced again
/// without a model call; batches of evaluations that have ended are skipped.
/// </summary>
public sealed partial class EvaluateBatchConsumer(EvaluationPlans plans, EvaluationEndpointFactory endpoints, IArtifactStore store,
    RedisSagaStore<EvaluationState> states, ILogger<EvaluateBatchConsumer> logger) : IConsumer<EvaluateBatch>
{
    public async Task Consume(ConsumeContext<EvaluateBatch> context)
    {
        var batch = context.Message;
        if (await states.LoadAsync(batch.EvaluationId) is { } state && EvaluationViews.HasEnded(state))
        {
            LogSkipped(batch.EvaluationId, batch.BatchIndex, state.CurrentState);
            return;
        }
        using var activity = EvaluationTelemetry.Source.StartActivity("evaluate batch");
        activity?.SetTag("evaluation.id", batch.EvaluationId.ToString());
        activity?.SetTag("evaluation.batch", batch.BatchIndex);
        var clock = Stopwatch.StartNew();
        var (plan, items) = await plans.ReadAsync(batch.PlanKey, context.CancellationToken);
        var key = EvaluationKeys.Results(plan.Id, batch.BatchIndex);
        var reused = await store.ExistsAsync(key, context.CancellationToken);
        IReadOnlyList<ItemResult> results;
        if (reused)
        {
            results = await store.ReadJsonAsync<List<ItemResult>>(key, context.CancellationToken);
        }
        else
        {
            var slice = items.Take(plan.Batch(batch.BatchIndex)).ToList();
            results = await BatchEvaluator.EvaluateAsync(plan, slice, await endpoints.ForAsync(plan, context.CancellationToken), context.CancellationToken);
            await store.PutJsonAsync(key, results, context.CancellationToken);
        }
        activity?.SetTag("evaluation.reused", reused);
        LogBatch(batch.EvaluationId, batch.BatchIndex, results.Count, reused, clock.ElapsedMilliseconds);
        await context.Publish(new EvaluationBatchDone
        {
            EvaluationId = batch.EvaluationId,
            BatchIndex = batch.BatchIndex,
            Items = results.Count,
            ResultKey = key,
            Model = Tally(results.Select(r => r.Model)),
            Base = plan.BaseModel is null ? null : Tally(results.Select(r => r.Base).OfType<Outcome>()),
        });
    }

    private static ScoreTally Tally(IEnumerable<Outcome> outcomes)
    {
        var list = outcomes.ToList();
        var scores = list.SelectMany(o => o.Scores()).ToList();
        return new ScoreTally { Scored = scores.Count, Sum = scores.Sum(), Errors = list.Sum(o => o.Errors) };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Evaluation {Id} batch {Batch} skipped: the evaluation is {State}")]
    private partial void LogSkipped(Guid id, int batch, string state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Evaluation {Id} batch {Batch}: {Items} items, reused {Reused}, {Milliseconds} ms")]
    private partial void LogBatch(Guid id, int batch, int items, bool reused, long milliseconds);
}
