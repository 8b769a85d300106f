using System.Text.Json.Nodes;
using InstructLab.Aspire.Generation.Dedup;
using InstructLab.Aspire.Generation.Pipelines;

namespace InstructLab.Aspire.Generation.Blocks;

/// <summary>
/// <c>dedup</c>: drops rows whose <c>column</c> repeats, word for word or with ROUGE-L at or above <c>threshold</c>
/// (default 0.7; 1 drops exact repeats only), among the rows of the batch. Each leaf is deduplicated as a whole again
/// when the dataset is mixed.
/// </summary>
public sealed class DedupBlock(string name, SourceLocation location, string column, double threshold) : Block(name, location)
{
    public override string Type => "dedup";

    internal static DedupBlock Read(YamlMap map, string name)
    {
        var block = new DedupBlock(name, map.Location, map.String("column"), map.Double("threshold", NearDuplicates.DefaultThreshold, 0.01, 1));
        map.RejectUnknownKeys();
        return block;
    }

    public override IReadOnlySet<string> Columns(IReadOnlySet<string> before)
    {
        Require(before, column);
        return before;
    }

    public override Task<IReadOnlyList<JsonObject>> RunAsync(IReadOnlyList<JsonObject> rows, PipelineContext context)
    {
        var result = NearDuplicates.Filter([.. rows.Select(row => Condition.Text(row[column]))], threshold);
        return Task.FromResult<IReadOnlyList<JsonObject>>([.. result.Kept.Select(i => rows[i])]);
    }
}
