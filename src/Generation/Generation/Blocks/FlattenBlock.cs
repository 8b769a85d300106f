using System.Text.Json.Nodes;
using InstructLab.Aspire.Generation.Pipelines;

namespace InstructLab.Aspire.Generation.Blocks;

/// <summary><c>flatten</c>: one row per item of a list column (<c>column</c>, <c>into</c>); the rows' ids get the item's index.</summary>
public sealed class FlattenBlock(string name, SourceLocation location, string column, string into) : Block(name, location)
{
    public override string Type => "flatten";

    internal static FlattenBlock Read(YamlMap map, string name)
    {
        var column = map.String("column");
        var block = new FlattenBlock(name, map.Location, column, map.OptionalString("into") ?? column);
        map.RejectUnknownKeys();
        return block;
    }

    public override IReadOnlySet<string> Columns(IReadOnlySet<string> before)
    {
        Require(before, column);
        RequireWritable(into, Location);
        var after = Pipelines.Columns.With(before);
        after.Remove(column);
        after.Add(into);
        return after;
    }

    public override Task<IReadOnlyList<JsonObject>> RunAsync(IReadOnlyList<JsonObject> rows, PipelineContext context) =>
        Task.FromResult<IReadOnlyList<JsonObject>>([.. rows.SelectMany(row =>
        {
            var items = row[column] is JsonArray list ? list : new JsonArray(row[column]?.DeepClone());
            var id = Condition.Text(row[Pipelines.Columns.Id]);
            return items.Select((item, index) =>
            {
                var result = (JsonObject)row.DeepClone();
                result.Remove(column);
                result[into] = item?.DeepClone();
                result[Pipelines.Columns.Id] = Pipelines.Columns.Child(id, index);
                return result;
            });
        })]);
}
