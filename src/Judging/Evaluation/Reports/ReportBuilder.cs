using InstructLab.Aspire.Evaluations.Items;
using InstructLab.Aspire.Evaluations.Results;

namespace InstructLab.Aspire.Evaluations.Reports;

/// <summary>Aggregates an evaluation's stored results into its report; the same results give the same report.</summary>
public static class ReportBuilder
{
    public static EvaluationReport Build(EvaluationPlan plan, IReadOnlyList<EvaluationItem> items, IReadOnlyList<ItemResult> results, DateTimeOffset finishedAt)
    {
        var branch = Benchmarks.IsBranch(plan.Benchmark);
        var newGroups = items.Where(i => i.NewGroup).Select(i => i.Group).ToHashSet(StringComparer.Ordinal);
        var groups = results.GroupBy(r => r.Group, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var model = Of(g.Select(r => r.Model));
            var baseline = branch ? Of(g.Select(r => r.Base).OfType<Outcome>()) : null;
            var delta = baseline is null ? (double?)null : model.Score - baseline.Score;
            return new GroupFigure(g.Key, model, baseline, delta, delta switch
            {
                null => null,
                _ when newGroups.Contains(g.Key) => "new",
                > 1e-9 => "improved",
                < -1e-9 => "regressed",
                _ => "unchanged",
            });
        }).ToList();
        var macro = plan.Benchmark is Benchmarks.Mmlu or Benchmarks.MmluBranch;
        return new EvaluationReport
        {
            Id = plan.Id,
            Name = plan.Name,
            Benchmark = plan.Benchmark,
            Metric = plan.Metric,
            Mode = plan.Mode,
            FewShots = plan.FewShots,
            Model = plan.Model.Model,
            ModelUrl = plan.Model.Url,
            BaseModel = plan.BaseModel?.Model,
            Judge = plan.Judge?.Model,
            Data = plan.Data,
            SubmittedAt = plan.SubmittedAt,
            FinishedAt = finishedAt,
            Items = results.Count,
            Overall = macro ? MeanOfGroups(groups.Select(g => g.Model)) : Of(results.Select(r => r.Model)),
            BaseOverall = !branch ? null : macro ? MeanOfGroups(groups.Select(g => g.Base!)) : Of(results.Select(r => r.Base).OfType<Outcome>()),
            Groups = groups,
            Turns = Turns(results, branch),
            Worst = Worst(items, results, plan.WorstItems),
        };
    }

    /// <summary>The mean of the outcomes' scores; for multiple choice also the normalised accuracy.</summary>
    public static Figure Of(IEnumerable<Outcome> outcomes)
    {
        var list = outcomes.ToList();
        var scores = list.SelectMany(o => o.Scores()).ToList();
        var choices = list.Where(o => o.Turns is null && o.Error is null).ToList();
        return new Figure(scores.Count == 0 ? 0 : scores.Average(), scores.Count, list.Sum(o => o.Errors),
            choices.Count == 0 ? null : choices.Average(o => o.CorrectNormalized ? 1.0 : 0.0));
    }

    private static Figure MeanOfGroups(IEnumerable<Figure> figures)
    {
        var list = figures.ToList();
        var scored = list.Where(f => f.Scored > 0).ToList();
        return new Figure(scored.Count == 0 ? 0 : scored.Average(f => f.Score), list.Sum(f => f.Scored), list.Sum(f => f.Errors),
            scored.Count == 0 || scored.Any(f => f.Normalized is null) ? null : scored.Average(f => f.Normalized!.Value));
    }

    private static IReadOnlyList<TurnFigure> Turns(IReadOnlyList<ItemResult> results, bool branch)
    {
        Figure OfTurns(IEnumerable<TurnOutcome> turns)
        {
            var list = turns.ToList();
            var rated = list.Where(t => t.Rating is not null).Select(t => t.Rating!.Value).ToList();
            return new Figure(rated.Count == 0 ? 0 : rated.Average(), rated.Count, list.Count - rated.Count);
        }
        var turns = results.SelectMany(r => r.Model.Turns ?? []).Select(t => t.Turn).Distinct().Order().ToList();
        return [.. turns.Select(turn => new TurnFigure(turn,
            OfTurns(results.SelectMany(r => r.Model.Turns ?? []).Where(t => t.Turn == turn)),
            branch ? OfTurns(results.SelectMany(r => r.Base?.Turns ?? []).Where(t => t.Turn == turn)) : null))];
    }

    private static IReadOnlyList<WorstItem> Worst(IReadOnlyList<EvaluationItem> items, IReadOnlyList<ItemResult> results, int count)
    {
        var byId = items.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var worst = new List<(double Badness, WorstItem Item)>();
        foreach (var result in results)
        {
            var item = byId[result.Id];
            var outcome = result.Model;
            if (outcome.Turns is { } turns)
            {
                foreach (var turn in turns)
                {
                    var question = item.Turns![turn.Turn - 1];
                    var expected = item.References is { } refs && turn.Turn - 1 < refs.Count ? refs[turn.Turn - 1] : "";
                    worst.Add((turn.Rating is null ? double.MaxValue : -turn.Rating.Value,
                        new WorstItem($"{item.Id}#{turn.Turn}", item.Group, Clip(question), Clip(turn.Answer), Clip(expected), turn.Rating, turn.Error)));
                }
            }
            else if (!outcome.Correct)
            {
                var continuations = item.Continuations!;
                // How far the right choice fell behind the one picked; unscored items come first.
                var margin = outcome.Logprobs is { } lp && outcome.Predicted is { } p ? lp[p] - lp[item.Answer] : double.MaxValue;
                worst.Add((margin, new WorstItem(item.Id, item.Group, Clip(Question(item)),
                    outcome.Predicted is { } picked ? continuations[picked].Trim() : "", continuations[item.Answer].Trim(), 0, outcome.Error)));
            }
        }
        return [.. worst.OrderByDescending(w => w.Badness).ThenBy(w => w.Item.Id, StringComparer.Ordinal).Take(count).Select(w => w.Item)];
    }

    /// <summary>The asked question: the prompt after its last blank line (MMLU: the test question, not the examples).</summary>
    private static string Question(EvaluationItem item)
    {
        var text = item.Prompt ?? item.Chat?[^1].Content ?? "";
        var start = text.LastIndexOf("\n\n", StringComparison.Ordinal);
        return start < 0 ? text : text[(start + 2)..];
    }

    private static string Clip(string text) => text.Length > 600 ? text[..600] + "…" : text;
}
