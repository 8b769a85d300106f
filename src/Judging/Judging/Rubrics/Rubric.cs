using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using InstructLab.Aspire.ChatClients;

namespace InstructLab.Aspire.Judging.Rubrics;

/// <summary>
/// A judging rubric: the fields it reads, the scores it gives, its prompt, and the JSON schema of the judge's answer
/// (explanation first, so the judge reasons before it scores).
/// </summary>
public sealed class Rubric
{
    public required string Name { get; init; }

    public required string Description { get; init; }

    /// <summary>Input fields the prompt uses; each must be non-empty (<c>context</c> may be optional, see <see cref="OptionalContext"/>).</summary>
    public required IReadOnlyList<string> Reads { get; init; }

    /// <summary>When true, <c>context</c> is used if given and not required.</summary>
    public bool OptionalContext { get; init; }

    /// <summary>Lowest first.</summary>
    public required IReadOnlyList<RubricScore> Scores { get; init; }

    /// <summary>The judge answers with words (yes/no) rather than numbers.</summary>
    public bool Labelled { get; init; }

    public required string System { get; init; }

    /// <summary>What the judge is asked, before the inputs.</summary>
    public required string Task { get; init; }

    /// <summary>Throws <see cref="JudgeException"/> naming the first input that lacks a field this rubric reads.</summary>
    public void Check(IReadOnlyList<JudgeInput> inputs)
    {
        for (var i = 0; i < inputs.Count; i++)
        {
            if (MissingField(inputs[i]) is { } missing)
            {
                throw new JudgeException($"items[{i}].{missing}", $"rubric '{Name}' reads {string.Join(", ", Reads)}; '{missing}' is empty");
            }
        }
    }

    /// <summary>The first field this rubric reads that the input lacks, or null.</summary>
    public string? MissingField(JudgeInput input)
    {
        foreach (var field in Reads)
        {
            var value = field switch
            {
                "question" => input.Question,
                "answer" => input.Answer,
                "context" => OptionalContext ? "optional" : input.Context,
                _ => "",
            };
            if (string.IsNullOrWhiteSpace(value))
            {
                return field;
            }
        }
        return null;
    }

    public JsonObject Schema(int maxExplanationLength) => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["explanation"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = maxExplanationLength },
            ["score"] = new JsonObject
            {
                ["enum"] = new JsonArray(Scores.Select(s => Labelled ? JsonValue.Create(s.Label) : (JsonNode)JsonValue.Create((long)s.Value)).ToArray()),
            },
        },
        ["required"] = new JsonArray("explanation", "score"),
        ["additionalProperties"] = false,
    };

    /// <summary>The judge's prompt for one input; <paramref name="structured"/> says whether the schema is enforced.</summary>
    public IReadOnlyList<ChatTurn> Messages(JudgeInput input, bool structured)
    {
        var prompt = new StringBuilder(Task).Append("\n\nScores:\n");
        foreach (var score in Scores)
        {
            prompt.Append("- ").Append(Written(score)).Append(": ").Append(score.Meaning).Append('\n');
        }
        if (input.Criteria is { Length: > 0 } criteria)
        {
            prompt.Append("\nCriteria for this task: ").Append(criteria).Append('\n');
        }
        if (Reads.Contains("context") && input.Context is { Length: > 0 } context)
        {
            prompt.Append("\n[Document]\n").Append(context).Append("\n[End of document]\n");
        }
        prompt.Append("\n[Question]\n").Append(input.Question).Append("\n[End of question]\n");
        if (Reads.Contains("answer"))
        {
            prompt.Append("\n[Answer]\n").Append(input.Answer).Append("\n[End of answer]\n");
        }
        var allowed = string.Join(", ", Scores.Select(Written));
        prompt.Append(structured
            ? $"\nReply with a JSON object: \"explanation\" (a few sentences on your reasons), then \"score\" (one of {allowed})."
            : $"\nReply in exactly this format:\n[EXPLANATION]\nyour reasons in a few sentences\n[/EXPLANATION]\n[SCORE]\none of {allowed}\n[/SCORE]");
        return [ChatTurn.System(System), ChatTurn.User(prompt.ToString())];
    }

    /// <summary>The score the judge wrote, if it is one of this rubric's.</summary>
    public RubricScore? Find(string written)
    {
        var text = written.Trim().Trim('"', '\'', '.', '*').Trim();
        return Scores.FirstOrDefault(s => string.Equals(Written(s), text, StringComparison.OrdinalIgnoreCase)
            || string.Equals(s.Label, text, StringComparison.OrdinalIgnoreCase)
            || (!Labelled && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value == s.Value));
    }

    private string Written(RubricScore score) => Labelled ? score.Label : score.Value.ToString(CultureInfo.InvariantCulture);
}
