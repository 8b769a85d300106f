using System.Diagnostics;
using InstructLab.Aspire.ChatClients;
using InstructLab.Aspire.Evaluations.Items;
using InstructLab.Aspire.Evaluations.Judged;
using InstructLab.Aspire.Evaluations.Results;
using InstructLab.Aspire.Evaluations.Scoring;

namespace InstructLab.Aspire.Evaluations;

/// <summary>The endpoints an evaluation uses: scorers for multiple choice, chat endpoints for answers and ratings.</summary>
public sealed record EvaluationEndpoints(
    ScoringEndpoint? Scorer = null, ScoringEndpoint? BaseScorer = null, IChatEndpoint? Model = null, IChatEndpoint? BaseModel = null, IChatEndpoint? Judge = null);

/// <summary>
/// Evaluates a batch of items, all in flight together (each endpoint bounds its own concurrency), and returns their
/// results in item order. A failing endpoint fails the batch (the work item is retried); an item that cannot be
/// scored for a reason of its own (a prompt past the context) is a counted error.
/// </summary>
public static class BatchEvaluator
{
    public const int MaxExplanationLength = 600;

    public static async Task<IReadOnlyList<ItemResult>> EvaluateAsync(EvaluationPlan plan, IReadOnlyList<EvaluationItem> items, EvaluationEndpoints endpoints,
        CancellationToken cancellationToken)
    {
        var branch = Benchmarks.IsBranch(plan.Benchmark);
        if (Benchmarks.IsMultipleChoice(plan.Benchmark))
        {
            var scorer = new ChoiceScorer(endpoints.Scorer ?? throw new InvalidOperationException("no scorer"));
            var baseScorer = branch ? new ChoiceScorer(endpoints.BaseScorer ?? throw new InvalidOperationException("no base scorer")) : null;
            return await Task.WhenAll(items.Select(async item => new ItemResult
            {
                Id = item.Id,
                Group = item.Group,
                Model = await Traced(plan, item, () => scorer.ScoreAsync(item, cancellationToken)),
                Base = baseScorer is null ? null : await baseScorer.ScoreAsync(item, cancellationToken),
            }));
        }
        var answered = new AnsweredItemEvaluator(endpoints.Judge ?? throw new InvalidOperationException("no judge"),
            Benchmarks.RatingScale(plan.Benchmark), plan.MaxAnswerTokens, MaxExplanationLength, plan.Seed);
        return await Task.WhenAll(items.Select(async item => new ItemResult
        {
            Id = item.Id,
            Group = item.Group,
            Model = await Traced(plan, item, () => answered.EvaluateAsync(item, endpoints.Model, cancellationToken)),
            Base = branch ? await answered.EvaluateAsync(item, endpoints.BaseModel ?? throw new InvalidOperationException("no base model"), cancellationToken) : null,
        }));
    }

    private static async Task<Outcome> Traced(EvaluationPlan plan, EvaluationItem item, Func<Task<Outcome>> evaluate)
    {
        using var activity = EvaluationTelemetry.Source.StartActivity("evaluate item");
        activity?.SetTag("evaluation.item", item.Id);
        activity?.SetTag("evaluation.group", item.Group);
        var outcome = await evaluate();
        activity?.SetTag("evaluation.errors", outcome.Errors);
        EvaluationTelemetry.Items.Add(1, new TagList { { "benchmark", plan.Benchmark } });
        return outcome;
    }
}
