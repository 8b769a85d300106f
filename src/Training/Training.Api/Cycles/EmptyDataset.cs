using System.Globalization;
using InstructLab.Aspire.Contracts.Generation.V1;

namespace InstructLab.Aspire.Training.Api.Cycles;

/// <summary>
/// Why a completed generation job wrote no training line, from its per-leaf stage counts: the first stage of each
/// leaf that let no row through, and what became of the rows it got (refused as longer than the teacher's context,
/// unreadable answers, or filtered out).
/// </summary>
public static class EmptyDataset
{
    public static bool IsEmpty(Job generation) => generation.Dataset is not { } data || data.KnowledgeLines + data.SkillsLines == 0;

    public static string Explain(Job generation)
    {
        var leaves = generation.Leaves.Select(leaf => (leaf.Leaf, Stage: leaf.Progress?.Stages.FirstOrDefault(s => s.RowsIn > 0 && s.RowsOut == 0)))
            .Where(l => l.Stage is not null)
            .Select(l => $"{l.Leaf}: {Describe(l.Stage!)}")
            .ToList();
        var why = leaves.Count > 0 ? string.Join("; ", leaves) : "no leaf kept a sample";
        return $"generation job {generation.Id} wrote no training line ({why}); lab data show {generation.Id} has every stage's counts";
    }

    private static string Describe(StageCount stage)
    {
        var c = CultureInfo.InvariantCulture;
        if (stage.Refused > 0)
        {
            return string.Create(c, $"the teacher refused {stage.Refused} prompts of {stage.Name} ({stage.RowsIn} rows) as longer than its context (a teacher with a longer context, or shorter seed examples)");
        }
        if (stage.Unparsed > 0)
        {
            return string.Create(c, $"{stage.Name} could not read {stage.Unparsed} of the teacher's answers ({stage.RowsIn} rows; a stronger teacher, or structured output)");
        }
        return string.Create(c, $"{stage.Name} ({stage.Type}) kept none of its {stage.RowsIn} rows");
    }
}
