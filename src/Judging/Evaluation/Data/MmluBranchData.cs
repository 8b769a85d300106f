using System.Text.RegularExpressions;
using InstructLab.Aspire.Evaluations.Items;

namespace InstructLab.Aspire.Evaluations.Data;

/// <summary>
/// MMLU-branch questions of knowledge leaves as JSON lines: <c>{question, choices, answer}</c> with the four choice
/// texts and the right one's index (what generation writes), or InstructLab's older layout <c>{inputs, targets}</c>
/// with the choices as "A) …" lines in <c>inputs</c>. The group is the line's <c>leaf</c> (or <c>path</c>), else the
/// file's name. Scored 0-shot with MMLU's prompt.
/// </summary>
public static partial class MmluBranchData
{
    public static IReadOnlyList<EvaluationItem> Items(DataFiles data, string mode, int limit)
    {
        var files = data.EndingIn(".jsonl").ToList();
        if (files.Count == 0)
        {
            throw data.Missing("MMLU-branch needs .jsonl files of {question, choices, answer}");
        }
        var items = new List<EvaluationItem>();
        foreach (var (path, content) in files)
        {
            foreach (var (line, json) in JsonLinesFile.Read(path, content).Take(limit > 0 ? limit : int.MaxValue))
            {
                var group = JsonLinesFile.OptionalString(json, "leaf", path, line) ?? JsonLinesFile.OptionalString(json, "path", path, line) ?? DataFiles.Stem(path);
                var row = json.ContainsKey("question") ? Current(json, path, line) : Older(json, path, line);
                items.Add(MmluPrompts.Item($"{group}/{DataFiles.Stem(path)}/{line}", group, $"{path}:{line}", subject: null, [], row, mode));
            }
        }
        return MultipleChoiceData.Unique(items);
    }

    private static MmluRow Current(System.Text.Json.Nodes.JsonObject json, string path, int line)
    {
        var choices = JsonLinesFile.Strings(json, "choices", path, line, min: 2);
        if (choices.Count > 4)
        {
            throw EvaluationDataException.At(path, line, $"'choices' has {choices.Count} entries; MMLU-branch questions have 2 to 4");
        }
        return new MmluRow(JsonLinesFile.RequiredString(json, "question", path, line), choices, JsonLinesFile.Index(json, "answer", choices.Count, path, line));
    }

    private static MmluRow Older(System.Text.Json.Nodes.JsonObject json, string path, int line)
    {
        var inputs = JsonLinesFile.RequiredString(json, "inputs", path, line);
        var target = JsonLinesFile.RequiredString(json, "targets", path, line).Trim();
        var matches = ChoiceLine().Matches(inputs);
        if (matches.Count is < 2 or > 4)
        {
            throw EvaluationDataException.At(path, line, "'inputs' must hold the question and 2 to 4 choices as lines 'A) …'");
        }
        var choices = matches.Select(m => m.Groups[2].Value.Trim()).ToList();
        var answer = matches.Select((m, i) => (m, i)).FirstOrDefault(x => target.StartsWith(x.m.Groups[1].Value + ")", StringComparison.Ordinal) || target == x.m.Groups[2].Value.Trim());
        if (answer.m is null)
        {
            throw EvaluationDataException.At(path, line, $"'targets' '{target}' names none of the choices");
        }
        return new MmluRow(inputs[..matches[0].Index].Trim(), choices, answer.i);
    }

    [GeneratedRegex(@"^([A-D])\)\s*(.+)$", RegexOptions.Multiline)]
    private static partial Regex ChoiceLine();
}
