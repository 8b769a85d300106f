using System.Text.Json.Nodes;
using InstructLab.Aspire.ChatClients;
using InstructLab.Aspire.Generation.Pipelines;

namespace InstructLab.Aspire.Generation.Blocks;

/// <summary>
/// <c>sample</c>: keeps at most <c>count</c> rows of each group (rows with the same value of <c>per</c>; by default the
/// input row they come from), chosen at random from the job's seed, in their original order.
/// </summary>
public sealed class SampleBlock(string name, SourceLocation location, SampleCount count, string per) : Block(name, location)
{
    public override string Type => "sample";

    internal static SampleBlock Read(YamlMap map, string name)
    {
        var count = SampleCount.Read(map, "count", 1_000_000) ?? throw YamlMap.Error(map.Location, $"block '{name}' needs 'count'");
        var block = new SampleBlock(name, map.Location, count, map.OptionalString("per") ?? Pipelines.Columns.Seed);
        map.RejectUnknownKeys();
        return block;
    }

    public override IReadOnlySet<string> Columns(IReadOnlySet<string> before)
    {
        Require(before, per);
        return before;
    }

    public override Task<IReadOnlyList<JsonObject>> RunAsync(IReadOnlyList<JsonObject> rows, PipelineContext context)
    {
        var limit = count.Resolve(context);
        var kept = new HashSet<JsonObject>(ReferenceEqualityComparer.Instance);
        foreach (var group in rows.GroupBy(row => Condition.Text(row[per]), StringComparer.Ordinal))
        {
            var random = SamplingSeeds.Random(context.Seed, context.Leaf, Name, group.Key);
            kept.UnionWith(group.OrderBy(_ => random.Next()).Take(limit));
        }
        return Task.FromResult<IReadOnlyList<JsonObject>>([.. rows.Where(kept.Contains)]);
    }
}
