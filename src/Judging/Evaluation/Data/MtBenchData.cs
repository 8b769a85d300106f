using System.Text.Json.Nodes;
using InstructLab.Aspire.Evaluations.Items;

namespace InstructLab.Aspire.Evaluations.Data;

/// <summary>
/// MT-Bench as FastChat ships it: <c>question.jsonl</c> (<c>question_id, category, turns</c>) and reference answers
/// in <c>reference_answer/*.jsonl</c> (<c>question_id, choices[0].turns</c>), used for math, reasoning and coding.
/// Answers are sampled at the category's temperature.
/// </summary>
public static class MtBenchData
{
    public static readonly IReadOnlySet<string> NeedsReference = new HashSet<string>(StringComparer.Ordinal) { "math", "reasoning", "coding" };

    public static readonly IReadOnlyDictionary<string, float> Temperatures = new Dictionary<string, float>(StringComparer.Ordinal)
    {
        ["writing"] = 0.7f,
        ["roleplay"] = 0.7f,
        ["extraction"] = 0f,
        ["math"] = 0f,
        ["coding"] = 0f,
        ["reasoning"] = 0f,
        ["stem"] = 0.1f,
        ["humanities"] = 0.1f,
    };

    public static IReadOnlyList<EvaluationItem> Items(DataFiles data, int limit)
    {
        var questions = data.EndingIn("question.jsonl").ToList();
        if (questions.Count != 1)
        {
            throw data.Missing(questions.Count == 0 ? "MT-Bench needs question.jsonl" : "MT-Bench takes one question.jsonl");
        }
        var references = References(data);
        var perCategory = new Dictionary<string, int>(StringComparer.Ordinal);
        var items = new List<EvaluationItem>();
        var (path, content) = questions[0];
        foreach (var (line, json) in JsonLinesFile.Read(path, content))
        {
            var id = JsonLinesFile.RequiredString(json, "question_id", path, line);
            var category = JsonLinesFile.RequiredString(json, "category", path, line);
            var turns = JsonLinesFile.Strings(json, "turns", path, line, min: 1);
            perCategory[category] = perCategory.GetValueOrDefault(category) + 1;
            if (limit > 0 && perCategory[category] > limit)
            {
                continue;
            }
            var needsReference = NeedsReference.Contains(category);
            if (needsReference && !references.ContainsKey(id))
            {
                throw EvaluationDataException.At(path, line, $"question {id} ({category}) needs a reference answer; none in reference_answer/*.jsonl");
            }
            items.Add(new EvaluationItem
            {
                Id = $"mt_bench/{id}",
                Group = category,
                Source = $"{path}:{line}",
                Turns = turns,
                References = needsReference ? references[id] : null,
                Temperature = Temperatures.GetValueOrDefault(category, 0.7f),
            });
        }
        return MultipleChoiceData.Unique(items);
    }

    private static Dictionary<string, IReadOnlyList<string>> References(DataFiles data)
    {
        var references = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (path, content) in data.Files.Where(f => f.Key.Replace('\\', '/').Contains("reference_answer/", StringComparison.Ordinal)).OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            foreach (var (line, json) in JsonLinesFile.Read(path, content))
            {
                var id = JsonLinesFile.RequiredString(json, "question_id", path, line);
                var turns = (json["choices"] as JsonArray)?.FirstOrDefault() is JsonObject choice
                    ? JsonLinesFile.Strings(choice, "turns", path, line, min: 1)
                    : throw EvaluationDataException.At(path, line, "'choices' must hold an object with 'turns'");
                references.TryAdd(id, turns);
            }
        }
        return references;
    }
}
