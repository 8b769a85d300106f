using System.Text;
using InstructLab.Aspire.ChatClients;

namespace InstructLab.Aspire.Evaluations.Items;

/// <summary>
/// MMLU's prompts as lm-evaluation-harness writes them: the subject line, the few-shot examples with their answers,
/// then the question ending in "Answer:". Plain mode scores " A" … " D" after the raw text; chat mode puts the
/// subject line in the system message and the rest in one user turn (what <c>ilab model evaluate</c> does) and
/// scores "A" … "D" after the model's template.
/// </summary>
public static class MmluPrompts
{
    public const string Plain = "plain";
    public const string ChatMode = "chat";
    public static readonly IReadOnlyList<string> Modes = [Plain, ChatMode];
    public static readonly IReadOnlyList<string> Letters = ["A", "B", "C", "D"];

    public static string SubjectLine(string subject) =>
        $"The following are multiple choice questions (with answers) about {subject.Replace('_', ' ')}.";

    /// <summary>One question with its choices, ending in "Answer:" (and " X" for an example).</summary>
    public static string Question(MmluRow row, bool withAnswer)
    {
        var text = new StringBuilder(row.Question.Trim());
        for (var i = 0; i < row.Choices.Count; i++)
        {
            text.Append('\n').Append(Letters[i]).Append(". ").Append(row.Choices[i]);
        }
        text.Append("\nAnswer:");
        return withAnswer ? text.Append(' ').Append(Letters[row.Answer]).ToString() : text.ToString();
    }

    public static EvaluationItem Item(string id, string group, string source, string? subject, IReadOnlyList<MmluRow> shots, MmluRow row, string mode)
    {
        var body = string.Concat(shots.Select(shot => Question(shot, withAnswer: true) + "\n\n")) + Question(row, withAnswer: false);
        var letters = Letters.Take(row.Choices.Count).ToList();
        return mode == ChatMode
            ? new EvaluationItem
            {
                Id = id,
                Group = group,
                Source = source,
                Chat = subject is null ? [ChatTurn.User(body)] : [ChatTurn.System(SubjectLine(subject)), ChatTurn.User(body)],
                Continuations = letters,
                Answer = row.Answer,
            }
            : new EvaluationItem
            {
                Id = id,
                Group = group,
                Source = source,
                Prompt = subject is null ? body : SubjectLine(subject) + "\n\n" + body,
                Continuations = [.. letters.Select(l => " " + l)],
                Answer = row.Answer,
            };
    }
}

/// <summary>A question with four (or fewer) choices and the index of the right one.</summary>
public sealed record MmluRow(string Question, IReadOnlyList<string> Choices, int Answer);
