using System.Diagnostics;
using InstructLab.Aspire.ChatClients;
using InstructLab.Aspire.Evaluations.Items;
using InstructLab.Aspire.Evaluations.Results;

namespace InstructLab.Aspire.Evaluations.Judged;

/// <summary>
/// A judged item: the model answers each turn with the conversation so far (at the item's temperature, the answer
/// budget at most), or the item's given response is used; then the judge rates each turn at temperature 0, with
/// the turn's reference answer when there is one. Every call goes through the chat clients (cached, retried).
/// </summary>
public sealed class AnsweredItemEvaluator(IChatEndpoint judge, (int Min, int Max) scale, int maxAnswerTokens, int maxExplanation, long seed)
{
    public async Task<Outcome> EvaluateAsync(EvaluationItem item, IChatEndpoint? model, CancellationToken cancellationToken)
    {
        var questions = item.Turns ?? throw new ArgumentException($"item {item.Id} has no questions", nameof(item));
        var answers = new List<string>();
        var conversation = new List<ChatTurn>();
        if (item.Context is { Length: > 0 } context)
        {
            conversation.Add(ChatTurn.System($"Answer using this context:\n{context}"));
        }
        for (var turn = 0; turn < questions.Count; turn++)
        {
            conversation.Add(ChatTurn.User(questions[turn]));
            string answer;
            try
            {
                answer = item.Response is { } given && turn == 0
                    ? given
                    : (await (model ?? throw new InvalidOperationException("no model to answer with")).CompleteAsync(new ChatCall
                    {
                        Messages = [.. conversation],
                        Temperature = item.Temperature,
                        TopP = 1,
                        MaxTokens = maxAnswerTokens,
                        Seed = SamplingSeeds.Derive(seed, "answer", item.Id, turn.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    }, cancellationToken)).Content;
            }
            catch (ChatEndpointException e) when (e.ContextLengthExceeded)
            {
                // This turn and the ones after it cannot be answered: errors, counted, not a failed run.
                break;
            }
            answers.Add(answer);
            conversation.Add(new ChatTurn("assistant", answer));
        }
        var structured = await judge.UsesStructuredOutputAsync(cancellationToken);
        var rated = await Task.WhenAll(Enumerable.Range(0, answers.Count).Select(turn => RateAsync(item, questions, answers, turn, structured, cancellationToken)));
        var unanswered = Enumerable.Range(answers.Count, questions.Count - answers.Count)
            .Select(turn => new TurnOutcome { Turn = turn + 1, Answer = "", Error = "the conversation does not fit the model's context" });
        return new Outcome { Turns = [.. rated, .. unanswered] };
    }

    private async Task<TurnOutcome> RateAsync(EvaluationItem item, IReadOnlyList<string> questions, IReadOnlyList<string> answers, int turn, bool structured,
        CancellationToken cancellationToken)
    {
        using var activity = EvaluationTelemetry.Source.StartActivity("rate answer");
        activity?.SetTag("evaluation.item", item.Id);
        activity?.SetTag("evaluation.turn", turn + 1);
        var reference = item.References is { } references && turn < references.Count ? references[turn] : null;
        ChatAnswer answer;
        try
        {
            answer = await judge.CompleteAsync(new ChatCall
            {
                Messages = JudgePrompts.Messages([.. questions.Take(turn + 1)], [.. answers.Take(turn + 1)], reference, item.Context, scale, structured),
                Temperature = 0,
                TopP = 1,
                MaxTokens = maxExplanation + 64,
                Seed = SamplingSeeds.Derive(seed, "judge", item.Id, turn.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                Schema = JudgePrompts.Schema(scale.Min, scale.Max, maxExplanation),
                SchemaName = "rating",
            }, cancellationToken);
        }
        catch (ChatEndpointException e) when (e.ContextLengthExceeded)
        {
            return new TurnOutcome { Turn = turn + 1, Answer = answers[turn], Error = "the judge's prompt does not fit the judge's context" };
        }
        var (rating, explanation, error) = RatingReader.Read(answer.Content, scale);
        activity?.SetTag("evaluation.rating", rating);
        EvaluationTelemetry.Ratings.Add(1, new TagList { { "read", error is null }, { "structured", answer.Structured } });
        return new TurnOutcome { Turn = turn + 1, Answer = answers[turn], Rating = rating, Explanation = explanation, Error = error, Structured = answer.Structured };
    }
}
