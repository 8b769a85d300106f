using System.Text;
using System.Text.Json.Nodes;
using InstructLab.Aspire.ChatClients;

namespace InstructLab.Aspire.Evaluations.Judged;

/// <summary>
/// The judge's prompts for rating an answer (MT-Bench turns, DK-Bench responses): the question (with the earlier
/// turns for a follow-up), the reference answer when there is one, the answer, and the scale. With structured output
/// the answer is JSON <c>{explanation, rating}</c>; without, the rating ends the text as <c>[[n]]</c>.
/// </summary>
public static class JudgePrompts
{
    public static JsonObject Schema(int min, int max, int maxExplanation) => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["explanation"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = maxExplanation },
            ["rating"] = new JsonObject { ["enum"] = new JsonArray([.. Enumerable.Range(min, max - min + 1).Select(r => (JsonNode)JsonValue.Create(r))]) },
        },
        ["required"] = new JsonArray("explanation", "rating"),
        ["additionalProperties"] = false,
    };

    /// <param name="questions">The user's turns up to the one rated.</param>
    /// <param name="answers">The assistant's answers to those turns; the last is rated.</param>
    /// <param name="reference">The reference answer of the rated turn, if any.</param>
    public static IReadOnlyList<ChatTurn> Messages(IReadOnlyList<string> questions, IReadOnlyList<string> answers, string? reference,
        string? context, (int Min, int Max) scale, bool structured)
    {
        var system = new StringBuilder()
            .Append("You judge the quality of an AI assistant's answer. Consider whether it is correct, helpful, relevant, ")
            .Append("accurate, complete and clear, as an expert reader would. Do not let its length or style sway you.");
        if (reference is not null)
        {
            system.Append(" A reference answer is given: compare the assistant's answer with it, and treat a factual ")
                .Append("disagreement with the reference as a mistake.");
        }
        system.Append($" Rate the answer from {scale.Min} (useless or wrong) to {scale.Max} (excellent). ");
        system.Append(structured
            ? "Answer with JSON: a short explanation, then the rating."
            : $"Write a short explanation, then the rating in double brackets, for example \"Rating: [[{(scale.Min + scale.Max + 1) / 2}]]\".");

        var user = new StringBuilder();
        if (context is { Length: > 0 })
        {
            user.Append("[Context]\n").Append(context).Append("\n\n");
        }
        for (var i = 0; i < questions.Count; i++)
        {
            var rated = i == questions.Count - 1;
            user.Append(questions.Count > 1 ? $"[User, turn {i + 1}]\n" : "[Question]\n").Append(questions[i]).Append("\n\n");
            if (rated && reference is not null)
            {
                user.Append("[Reference answer]\n").Append(reference).Append("\n\n");
            }
            user.Append(rated ? "[The assistant's answer to rate]\n" : $"[Assistant, turn {i + 1}]\n").Append(answers[i]).Append("\n\n");
        }
        user.Append(questions.Count > 1 ? "Rate only the assistant's answer to the last turn." : "Rate the assistant's answer.");
        return [ChatTurn.System(system.ToString()), ChatTurn.User(user.ToString())];
    }
}
