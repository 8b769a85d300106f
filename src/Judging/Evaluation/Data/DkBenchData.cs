using InstructLab.Aspire.Evaluations.Items;

namespace InstructLab.Aspire.Evaluations.Data;

/// <summary>
/// DK-Bench: JSON lines <c>{user_input, reference, response?}</c>; the model answers <c>user_input</c> (greedily)
/// where <c>response</c> is absent, and the judge rates the response 1–5 against the reference. A file is a group.
/// </summary>
public static class DkBenchData
{
    public static IReadOnlyList<EvaluationItem> Items(DataFiles data, int limit)
    {
        var files = data.EndingIn(".jsonl").ToList();
        if (files.Count == 0)
        {
            throw data.Missing("DK-Bench needs .jsonl files of {user_input, reference, response?}");
        }
        var items = new List<EvaluationItem>();
        foreach (var (path, content) in files)
        {
            var group = DataFiles.Stem(path);
            foreach (var (line, json) in JsonLinesFile.Read(path, content).Take(limit > 0 ? limit : int.MaxValue))
            {
                items.Add(new EvaluationItem
                {
                    Id = $"{group}/{line}",
                    Group = group,
                    Source = $"{path}:{line}",
                    Turns = [JsonLinesFile.RequiredString(json, "user_input", path, line)],
                    References = [JsonLinesFile.RequiredString(json, "reference", path, line)],
                    Response = JsonLinesFile.OptionalString(json, "response", path, line),
                    Temperature = 0,
                });
            }
        }
        return items;
    }
}
