using System.Text.Json.Nodes;
using InstructLab.Aspire.Generation.Pipelines;

namespace InstructLab.Aspire.Generation.Blocks;

/// <summary><c>drop</c>: removes columns no later block needs (<c>columns</c>), so they stay out of the raw files.</summary>
public sealed class DropBlock(string name, SourceLocation location, IReadOnlyList<string> dropped) : Block(name, location)
{
    public override string Type => "drop";

    internal static DropBlock Read(YamlMap map, string name)
    {
        var block = new DropBlock(name, map.Location, map.Strings("columns"));
        map.RejectUnknownKeys();
        return block;
    }

    public override IReadOnlySet<string> Columns(IReadOnlySet<string> before)
    {
        var after = Pipelines.Columns.With(before);
        foreach (var column in dropped)
        {
            Require(before, column);
            RequireWritable(column, Location);
            after.Remove(column);
        }
        return after;
    }

    public override Task<IReadOnlyList<JsonObject>> RunAsync(IReadOnlyList<JsonObject> rows, PipelineContext context) =>
        Task.FromResult<IReadOnlyList<JsonObject>>([.. rows.Select(row =>
        {
            var result = (JsonObject)row.DeepClone();
            foreach (var column in dropped)
            {
                result.Remove(column);
            }
            return result;
        })]);
}
