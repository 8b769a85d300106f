using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using InstructLab.Aspire.Evaluations.Items;

namespace InstructLab.Aspire.Evaluations.Data;

/// <summary>
/// MMLU from <c>&lt;subject&gt;_dev.csv</c> (the few-shot examples, in file order) and <c>&lt;subject&gt;_test.csv</c>
/// files: rows of question, four choices and the answer — a letter (Hendrycks' files, no header) or a 0-based index
/// (copies with a <c>question,…,answer</c> header).
/// </summary>
public static class MmluData
{
    public const int MaxFewShots = 10;

    public static IReadOnlyList<EvaluationItem> Items(DataFiles data, int fewShots, string mode, IReadOnlyCollection<string> subjects, int limit)
    {
        if (fewShots is < 0 or > MaxFewShots)
        {
            throw new EvaluationDataException("options.few_shots", $"must be from 0 to {MaxFewShots}, not {fewShots}");
        }
        if (!MmluPrompts.Modes.Contains(mode))
        {
            throw new EvaluationDataException("options.mode", $"'{mode}' is not a mode; allowed: {string.Join(", ", MmluPrompts.Modes)}");
        }
        var tests = data.EndingIn("_test.csv").ToDictionary(f => Subject(f.Key, "_test.csv"), StringComparer.Ordinal);
        if (tests.Count == 0)
        {
            throw data.Missing("MMLU needs <subject>_test.csv files (and <subject>_dev.csv for few-shot examples)");
        }
        var unknown = subjects.Where(s => !tests.ContainsKey(s)).ToList();
        if (unknown.Count > 0)
        {
            throw new EvaluationDataException("options.subjects", $"no test file for {string.Join(", ", unknown)}; the data has {string.Join(", ", tests.Keys.Order(StringComparer.Ordinal))}");
        }
        var devs = data.EndingIn("_dev.csv").ToDictionary(f => Subject(f.Key, "_dev.csv"), StringComparer.Ordinal);
        var items = new List<EvaluationItem>();
        foreach (var (subject, test) in tests.OrderBy(t => t.Key, StringComparer.Ordinal).Where(t => subjects.Count == 0 || subjects.Contains(t.Key)))
        {
            var shots = fewShots == 0 ? [] : Shots(devs, subject, fewShots);
            var rows = Rows(test.Key, test.Value);
            foreach (var (line, row, index) in rows.Select((r, i) => (r.Line, r.Row, i)).Take(limit > 0 ? limit : int.MaxValue))
            {
                items.Add(MmluPrompts.Item($"{subject}/{index}", subject, $"{test.Key}:{line}", subject, shots, row, mode));
            }
        }
        return items;
    }

    private static IReadOnlyList<MmluRow> Shots(Dictionary<string, KeyValuePair<string, byte[]>> devs, string subject, int count)
    {
        if (!devs.TryGetValue(subject, out var dev))
        {
            throw new EvaluationDataException("data", $"{count}-shot MMLU needs {subject}_dev.csv next to {subject}_test.csv (or few_shots 0)");
        }
        var rows = Rows(dev.Key, dev.Value);
        return rows.Count >= count
            ? [.. rows.Take(count).Select(r => r.Row)]
            : throw new EvaluationDataException(dev.Key, $"has {rows.Count} rows; {count}-shot needs {count}");
    }

    /// <summary>The file's rows with their line numbers; a header row is recognised by its first field, "question".</summary>
    public static IReadOnlyList<(int Line, MmluRow Row)> Rows(string path, byte[] content)
    {
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = false, BadDataFound = null };
        using var parser = new CsvParser(new StringReader(Encoding.UTF8.GetString(content)), configuration);
        var rows = new List<(int, MmluRow)>();
        var first = true;
        while (parser.Read())
        {
            var line = parser.RawRow;
            var fields = parser.Record ?? [];
            if (first && fields.Length > 0 && fields[0].Trim().Equals("question", StringComparison.OrdinalIgnoreCase))
            {
                first = false;
                continue;
            }
            first = false;
            if (fields.Length != 6)
            {
                throw EvaluationDataException.At(path, line, $"has {fields.Length} fields; an MMLU row has 6 (question, four choices, answer)");
            }
            rows.Add((line, new MmluRow(fields[0], fields[1..5], Answer(fields[5], path, line))));
        }
        return rows;
    }

    private static int Answer(string field, string path, int line) => field.Trim() switch
    {
        "A" or "0" => 0,
        "B" or "1" => 1,
        "C" or "2" => 2,
        "D" or "3" => 3,
        var other => throw EvaluationDataException.At(path, line, $"answer '{other}' must be A-D or 0-3"),
    };

    private static string Subject(string path, string suffix)
    {
        var name = DataFiles.FileName(path);
        return name[..^suffix.Length];
    }
}
