using InstructLab.Aspire.ChatClients;
using InstructLab.Aspire.Evaluations.Items;
using InstructLab.Aspire.Evaluations.Results;

namespace InstructLab.Aspire.Evaluations.Scoring;

/// <summary>
/// Scores a multiple-choice item by log-likelihood: the prompt followed by each continuation, all in one request so
/// the endpoint computes the shared prefix once; a continuation's log-likelihood is the sum over the tokens that
/// spell it. The pick is the highest sum (ties: the first), and by sum per character for the normalised accuracy.
/// </summary>
public sealed class ChoiceScorer(ScoringEndpoint endpoint)
{
    public async Task<Outcome> ScoreAsync(EvaluationItem item, CancellationToken cancellationToken)
    {
        var continuations = item.Continuations ?? throw new ArgumentException($"item {item.Id} is not a multiple-choice item", nameof(item));
        // Chat mode: the endpoint's own template (its /apply-template; a 404 there says the endpoint cannot do chat mode).
        var prefix = item.Chat is { } chat ? await endpoint.ApplyTemplateAsync(chat, cancellationToken) : item.Prompt ?? "";
        IReadOnlyList<ScoredPrompt> scored;
        try
        {
            scored = await endpoint.ScoreAsync([.. continuations.Select(c => prefix + c)], cancellationToken);
        }
        catch (ChatEndpointException e) when (e.ContextLengthExceeded)
        {
            return new Outcome { Answer = item.Answer, Error = $"the prompt does not fit the model's context ({e.Message})" };
        }
        var sums = new double[continuations.Count];
        var tokens = new int[continuations.Count];
        for (var i = 0; i < continuations.Count; i++)
        {
            (sums[i], tokens[i]) = scored[i].Tail(continuations[i].Length);
        }
        return new Outcome
        {
            Logprobs = sums,
            Tokens = tokens,
            Predicted = ArgMax(sums),
            PredictedNormalized = ArgMax([.. sums.Select((s, i) => s / Math.Max(1, continuations[i].Length))]),
            Answer = item.Answer,
        };
    }

    /// <summary>The index of the largest value; the first of equals.</summary>
    public static int ArgMax(IReadOnlyList<double> values)
    {
        var best = 0;
        for (var i = 1; i < values.Count; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }
        return best;
    }
}
