using InstructLab.Aspire.Evaluations.Items;

namespace InstructLab.Aspire.Evaluations.Data;

/// <summary>
/// Any multiple-choice task as JSON lines <c>{context, choices, answer}</c> (<c>answer</c> the right choice's
/// index; optional <c>id</c>): each choice is scored as the continuation " choice" after the context, as
/// lm-evaluation-harness does for ARC, HellaSwag and the like. A file is a group.
/// </summary>
public static class MultipleChoiceData
{
    public static IReadOnlyList<EvaluationItem> Items(DataFiles data, int limit)
    {
        var files = data.EndingIn(".jsonl").ToList();
        if (files.Count == 0)
        {
            throw data.Missing("a multiple-choice benchmark needs .jsonl files of {context, choices, answer}");
        }
        var items = new List<EvaluationItem>();
        foreach (var (path, content) in files)
        {
            var group = DataFiles.Stem(path);
            foreach (var (line, json) in JsonLinesFile.Read(path, content).Take(limit > 0 ? limit : int.MaxValue))
            {
                var context = JsonLinesFile.RequiredString(json, "context", path, line);
                var choices = JsonLinesFile.Strings(json, "choices", path, line, min: 2);
                items.Add(new EvaluationItem
                {
                    Id = $"{group}/{JsonLinesFile.OptionalString(json, "id", path, line) ?? line.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
                    Group = group,
                    Source = $"{path}:{line}",
                    Prompt = context,
                    Continuations = [.. choices.Select(c => c.Length > 0 && char.IsWhiteSpace(c[0]) ? c : " " + c)],
                    Answer = JsonLinesFile.Index(json, "answer", choices.Count, path, line),
                });
            }
        }
        return Unique(items);
    }

    internal static IReadOnlyList<EvaluationItem> Unique(IReadOnlyList<EvaluationItem> items)
    {
        var duplicate = items.GroupBy(i => i.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null
            ? items
            : throw new EvaluationDataException(duplicate.Last().Source, $"id '{duplicate.Key}' is used twice (also at {duplicate.First().Source})");
    }
}
