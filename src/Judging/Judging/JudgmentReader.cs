using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using InstructLab.Aspire.ChatClients;
using InstructLab.Aspire.Judging.Rubrics;

namespace InstructLab.Aspire.Judging;

/// <summary>
/// Reads a judgment from a judge's answer: the enforced JSON when the endpoint has structured output; otherwise a
/// JSON object anywhere in the text, then the rubric's [SCORE] and [EXPLANATION] tags, then a trailing "score: N".
/// </summary>
public static partial class JudgmentReader
{
    public static (RubricScore? Score, string Explanation, ParseStatus Status) Read(Rubric rubric, string answer, bool structured)
    {
        if (FromJson(rubric, answer) is { } json)
        {
            return (json.Score, json.Explanation, structured ? ParseStatus.Structured : ParseStatus.Text);
        }
        var explanation = Tag(answer, "EXPLANATION") ?? "";
        if (Tag(answer, "SCORE") is { } tagged && rubric.Find(tagged) is { } score)
        {
            return (score, explanation, ParseStatus.Text);
        }
        var loose = LooseScore().Matches(answer).LastOrDefault();
        if (loose is not null && rubric.Find(loose.Groups[1].Value) is { } found)
        {
            return (found, explanation, ParseStatus.Text);
        }
        return (null, explanation, ParseStatus.Unparsed);
    }

    private static (RubricScore Score, string Explanation)? FromJson(Rubric rubric, string answer) =>
        JsonInText.Find(answer) is { } json && json["score"] is JsonValue value
        && rubric.Find(value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString()) is { } score
            ? (score, json["explanation"] is JsonValue e && e.GetValueKind() == JsonValueKind.String ? e.GetValue<string>() : "")
            : null;

    private static string? Tag(string answer, string name)
    {
        var start = answer.IndexOf($"[{name}]", StringComparison.OrdinalIgnoreCase);
        if (start < 0)
        {
            return null;
        }
        start += name.Length + 2;
        var end = answer.IndexOf($"[/{name}]", start, StringComparison.OrdinalIgnoreCase);
        return (end < 0 ? answer[start..] : answer[start..end]).Trim();
    }

    [GeneratedRegex(@"score\W{0,3}([0-9]+(?:\.[0-9]+)?|yes|no)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LooseScore();
}
