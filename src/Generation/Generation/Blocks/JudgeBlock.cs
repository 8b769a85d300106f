using System.Text.Json.Nodes;
using InstructLab.Aspire.Generation.Pipelines;
using InstructLab.Aspire.Judging;
using InstructLab.Aspire.Judging.Rubrics;

namespace InstructLab.Aspire.Generation.Blocks;

/// <summary>
/// <c>judge</c>: sends every row to the judge with a rubric (question_quality, answer_rating, faithfulness, relevancy,
/// score) and writes the score (the label for rubrics that have words, e.g. faithfulness' yes/no) and the explanation
/// to columns; a follow-up <c>filter</c> keeps what passes. Rows whose judgment cannot be read are dropped and counted.
/// </summary>
public sealed class JudgeBlock : Block
{
    private readonly Rubric rubric;
    private readonly string question;
    private readonly string? answer, context, criteria;
    private readonly string scoreColumn, explanationColumn;

    private JudgeBlock(string name, SourceLocation location, Rubric rubric, string question, string? answer, string? context, string? criteria,
        string scoreColumn, string explanationColumn) : base(name, location)
    {
        (this.rubric, this.question, this.answer, this.context, this.criteria) = (rubric, question, answer, context, criteria);
        (this.scoreColumn, this.explanationColumn) = (scoreColumn, explanationColumn);
    }

    public override string Type => "judge";

    internal static JudgeBlock Read(YamlMap map, string name)
    {
        var rubricName = map.String("rubric");
        Rubric rubric;
        try
        {
            rubric = BuiltinRubrics.Get(rubricName);
        }
        catch (JudgeException e)
        {
            throw YamlMap.Error(map.LocationOf("rubric"), $"block '{name}': {e.Message}");
        }
        var block = new JudgeBlock(name, map.Location, rubric,
            map.OptionalString("question") ?? "question",
            rubric.Reads.Contains("answer") ? map.OptionalString("answer") ?? "answer" : null,
            rubric.Reads.Contains("context") ? map.OptionalString("context") ?? (rubric.OptionalContext ? null : "context") : null,
            map.OptionalString("criteria"),
            map.OptionalString("score") ?? $"{name}_score",
            map.OptionalString("explanation") ?? $"{name}_explanation");
        map.RejectUnknownKeys();
        return block;
    }

    public override IReadOnlySet<string> Columns(IReadOnlySet<string> before)
    {
        foreach (var column in new[] { question, answer, context }.OfType<string>())
        {
            Require(before, column);
        }
        RequireWritable(scoreColumn, Location);
        RequireWritable(explanationColumn, Location);
        return Pipelines.Columns.With(before, scoreColumn, explanationColumn);
    }

    public override async Task<IReadOnlyList<JsonObject>> RunAsync(IReadOnlyList<JsonObject> rows, PipelineContext pipeline)
    {
        var judge = pipeline.Judge ?? throw new InvalidOperationException($"block '{Name}' needs a judge and the run has none");
        var inputs = rows.Select(row => new JudgeInput(Condition.Text(row[Pipelines.Columns.Id]), Text(row, question),
            answer is null ? "" : Text(row, answer), context is null ? "" : Text(row, context), criteria ?? "")).ToList();
        var judgments = await judge.JudgeAsync(rubric.Name, inputs, pipeline.CancellationToken);
        var stats = pipeline.Stats.For(this);
        stats.Judged(judgments.Count(j => !j.FromCache));
        var kept = new List<JsonObject>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (judgments[i].Status == ParseStatus.Unparsed)
            {
                stats.Unparsable();
                continue;
            }
            var row = (JsonObject)rows[i].DeepClone();
            row[scoreColumn] = rubric.Labelled ? JsonValue.Create(judgments[i].Label) : JsonValue.Create(judgments[i].Score);
            row[explanationColumn] = judgments[i].Explanation;
            kept.Add(row);
        }
        return kept;
    }

    private static string Text(JsonObject row, string column) => Condition.Text(row[column]);
}
