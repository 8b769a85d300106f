using System.Globalization;
using System.Text.Json.Nodes;
using InstructLab.Aspire.Generation.Pipelines;

namespace InstructLab.Aspire.Generation.Jobs;

/// <summary>
/// A leaf's input rows: one per document chunk for knowledge (each with one of the leaf's seed examples, in turn, as
/// its in-context example), one per seed example for skills. Row <c>i</c> of a leaf is the same on every worker.
/// </summary>
public static class LeafRows
{
    /// <summary>How many rows a leaf has before any limit.</summary>
    public static int Count(PlanLeaf leaf) => leaf.Kind == LeafKinds.Knowledge ? leaf.Chunks.Count : leaf.SeedExamples.Count;

    /// <summary>The rows of one batch.</summary>
    public static IReadOnlyList<JsonObject> Batch(PlanLeaf leaf, int batch, int batchSize)
    {
        var first = batch * batchSize;
        var count = Math.Max(0, Math.Min(batchSize, leaf.Rows - first));
        return [.. Enumerable.Range(first, count).Select(i => Row(leaf, i))];
    }

    public static JsonObject Row(PlanLeaf leaf, int index)
    {
        var id = index.ToString(CultureInfo.InvariantCulture);
        var row = new JsonObject
        {
            [Columns.Id] = id,
            [Columns.Seed] = id,
            ["leaf"] = leaf.Name,
            ["task_description"] = leaf.TaskDescription,
            ["domain"] = leaf.Domain,
            ["seed_examples"] = new JsonArray([.. leaf.SeedExamples.SelectMany(seed => seed.QuestionsAndAnswers.Select(qa =>
                (JsonNode)new JsonObject { ["context"] = seed.Context, ["question"] = qa.Question, ["answer"] = qa.Answer }))]),
        };
        if (leaf.Kind == LeafKinds.Knowledge)
        {
            var chunk = leaf.Chunks[index];
            var example = leaf.SeedExamples[index % leaf.SeedExamples.Count];
            row["document"] = chunk.Text;
            row["document_outline"] = leaf.DocumentOutline;
            row["source_file"] = chunk.SourceFile;
            row["chunk_index"] = chunk.Index;
            row["section"] = chunk.Section;
            row["icl_context"] = example.Context;
            row["icl_pairs"] = new JsonArray([.. example.QuestionsAndAnswers.Select(qa => (JsonNode)new JsonObject { ["question"] = qa.Question, ["answer"] = qa.Answer })]);
            return row;
        }
        var seed = leaf.SeedExamples[index];
        var first = seed.QuestionsAndAnswers.FirstOrDefault() ?? new PlanQuestionAnswer("", "");
        row["seed_question"] = first.Question;
        row["seed_answer"] = first.Answer;
        if (leaf.Kind == LeafKinds.GroundedSkill)
        {
            row["seed_context"] = seed.Context;
        }
        return row;
    }
}
