using System.Globalization;
using System.Text;

namespace InstructLab.Aspire.Generation.Mixing;

/// <summary>The data card as Markdown, for people: settings, then per leaf a table of its stages.</summary>
public static class DataCardMarkdown
{
    public static string Render(DataCard card)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# Data card: {card.Name}\n\n");
        text.Append(CultureInfo.InvariantCulture, $"Job `{card.JobId}`, submitted {card.SubmittedAt:u}. Taxonomy `{card.Taxonomy}` against `{card.TaxonomyBase}`.\n\n");
        text.Append("| setting | value |\n|---|---|\n");
        Row(text, "teacher", $"{card.TeacherModel} at {card.TeacherUrl}");
        Row(text, "judge", card.JudgeUrl is "" ? "the judging service's own" : $"{card.JudgeModel} at {card.JudgeUrl}");
        Row(text, "seed", card.Seed.ToString(CultureInfo.InvariantCulture));
        Row(text, "samples per seed", card.SamplesPerSeed.ToString(CultureInfo.InvariantCulture));
        Row(text, "batch size", card.BatchSize.ToString(CultureInfo.InvariantCulture));
        Row(text, "distractors per recall sample", card.Distractors.ToString(CultureInfo.InvariantCulture));
        Row(text, "replay", card.ReplayDataset is null ? "none" : $"{card.ReplayDataset} × {card.ReplayRatio:0.##}");
        text.Append('\n');

        text.Append("| file | lines |\n|---|---|\n");
        Row(text, $"`{card.KnowledgeKey}` (phase 1)", card.KnowledgeLines.ToString(CultureInfo.InvariantCulture));
        Row(text, $"`{card.SkillsKey}` (phase 2)", $"{card.SkillsLines} ({card.ReplayLines} replayed)");
        if (card.MmluBranchKey is { Length: > 0 } mmluKey)
        {
            Row(text, $"`{mmluKey}` (MMLU-branch questions)", card.MmluBranchLines.ToString(CultureInfo.InvariantCulture));
        }
        text.Append('\n');
        var totals = card.Totals;
        text.Append(CultureInfo.InvariantCulture,
            $"Generated {totals.Generated}, kept {totals.Kept}; {totals.TeacherCalls} teacher calls ({totals.CachedCalls} more from the cache), {totals.TeacherTokens} teacher tokens, {totals.JudgeCalls} judgments.\n\n");

        text.Append("## Pipelines\n\n| pipeline | file | sha256 |\n|---|---|---|\n");
        foreach (var pipeline in card.Pipelines)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {pipeline.Name} | `{pipeline.File}` | `{pipeline.Sha256[..12]}` |\n");
        }
        text.Append("\n## Leaves\n");
        foreach (var leaf in card.Leaves)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n### {leaf.Leaf}\n\n{leaf.Kind}, pipeline `{leaf.Pipeline}`: {leaf.Rows} rows in {leaf.Batches} batches → {leaf.Statistics.Generated} generated, {leaf.Statistics.Kept} kept, ");
            text.Append(CultureInfo.InvariantCulture, $"{leaf.ExactDuplicates} exact and {leaf.NearDuplicates} near duplicates removed → **{leaf.Samples} samples**.\n\n");
            text.Append("| stage | type | rows in | rows out | dropped | unparsed | refused as too long |\n|---|---|---|---|---|---|---|\n");
            foreach (var stage in leaf.Statistics.Stages.Where(s => s.Type != MmluBranch.MmluBranchQuestions.Stage))
            {
                var dropped = stage.RowsIn == 0 || stage.RowsOut > stage.RowsIn ? "" : $"{1 - (double)stage.RowsOut / stage.RowsIn:P0}";
                text.Append(CultureInfo.InvariantCulture, $"| {stage.Name} | {stage.Type} | {stage.RowsIn} | {stage.RowsOut} | {dropped} | {stage.Unparsed} | {stage.Refused} |\n");
            }
            if (leaf.Statistics.Stages.FirstOrDefault(s => s.Type == MmluBranch.MmluBranchQuestions.Stage) is { } mmlu)
            {
                text.Append(CultureInfo.InvariantCulture,
                    $"\nMMLU-branch: {mmlu.RowsIn} questions asked, {mmlu.Unparsed} unreadable, {mmlu.Refused} answered otherwise by the judge → **{leaf.MmluBranchQuestions} questions**.\n");
            }
        }
        return text.ToString();
    }

    private static void Row(StringBuilder text, string name, string value) =>
        text.Append("| ").Append(name).Append(" | ").Append(value.Replace("|", "\\|", StringComparison.Ordinal)).Append(" |\n");
}
