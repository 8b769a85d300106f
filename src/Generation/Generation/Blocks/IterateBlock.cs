using System.Text.Json.Nodes;
using InstructLab.Aspire.Generation.Pipelines;

namespace InstructLab.Aspire.Generation.Blocks;

/// <summary>
/// <c>iterate</c>: runs its nested <c>blocks</c> <c>times</c> times over the same rows and keeps every round's rows;
/// each round's rows get the round's index in their id, so each round samples differently.
/// </summary>
public sealed class IterateBlock(string name, SourceLocation location, SampleCount times, IReadOnlyList<Block> blocks) : Block(name, location)
{
    public override string Type => "iterate";

    public override IReadOnlyList<Block> Children => blocks;

    public override IReadOnlySet<string> Columns(IReadOnlySet<string> before)
    {
        var columns = before;
        foreach (var block in blocks)
        {
            columns = block.Columns(columns);
        }
        return columns;
    }

    public override async Task<IReadOnlyList<JsonObject>> RunAsync(IReadOnlyList<JsonObject> rows, PipelineContext context)
    {
        var rounds = Enumerable.Range(0, times.Resolve(context)).Select(round =>
        {
            IReadOnlyList<JsonObject> input = [.. rows.Select(row =>
            {
                var copy = (JsonObject)row.DeepClone();
                copy[Pipelines.Columns.Id] = Pipelines.Columns.Child(Condition.Text(row[Pipelines.Columns.Id]), round);
                return copy;
            })];
            return Pipeline.RunBlocksAsync(blocks, input, context);
        });
        return [.. (await Task.WhenAll(rounds)).SelectMany(r => r)];
    }
}
