using System.Text.Json.Nodes;
using InstructLab.Aspire.Generation.Jobs;
using InstructLab.Aspire.Generation.Pipelines;

namespace InstructLab.Aspire.Generation.Mixing;

/// <summary>A kept row read through its pipeline's output mapping, with the provenance that goes into a line's metadata.</summary>
internal sealed record Sample(string Id, string Question, string Answer, string? Context, JsonObject Provenance)
{
    public static Sample From(PlanLeaf leaf, PipelineOutput output, JsonObject row)
    {
        // A knowledge sample rests on its chunk even when the pipeline does not map a context.
        var contextColumn = output.Context ?? (leaf.Kind == LeafKinds.Knowledge ? "document" : null);
        var context = contextColumn is null ? null : Condition.Text(row[contextColumn]);
        var provenance = new JsonObject
        {
            ["leaf"] = leaf.Name,
            ["kind"] = leaf.Kind,
            ["pipeline"] = leaf.Pipeline,
            ["sample"] = Condition.Text(row[Columns.Id]),
            ["seed_index"] = Condition.Text(row[Columns.Seed]),
        };
        foreach (var column in new[] { "source_file", "chunk_index", "section" })
        {
            if (row[column] is { } value)
            {
                provenance[column] = value.DeepClone();
            }
        }
        foreach (var (name, value) in row.Where(c => c.Key.EndsWith("_score", StringComparison.Ordinal)))
        {
            provenance[name] = value?.DeepClone();
        }
        return new Sample($"{leaf.Name}#{Condition.Text(row[Columns.Id])}", Condition.Text(row[output.Question]), Condition.Text(row[output.Answer]), context, provenance);
    }

    /// <summary>The line's metadata: the provenance and which part of the dataset the line is.</summary>
    public JsonObject Metadata(string dataset)
    {
        var metadata = (JsonObject)Provenance.DeepClone();
        metadata["dataset"] = dataset;
        return metadata;
    }
}
