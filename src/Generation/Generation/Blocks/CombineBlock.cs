using System.Text.Json.Nodes;
using InstructLab.Aspire.Generation.Pipelines;

namespace InstructLab.Aspire.Generation.Blocks;

/// <summary><c>combine</c>: joins the text of several columns into one (<c>columns</c>, <c>into</c>, <c>separator</c>).</summary>
public sealed class CombineBlock(string name, SourceLocation location, IReadOnlyList<string> sources, string into, string separator) : Block(name, location)
{
    public override string Type => "combine";

    internal static CombineBlock Read(YamlMap map, string name)
    {
        var sources = map.Strings("columns");
        if (sources.Count == 0)
        {
            throw YamlMap.Error(map.Location, $"block '{name}' needs 'columns' (a list of the columns to join)");
        }
        var block = new CombineBlock(name, map.Location, sources, map.String("into"), map.OptionalString("separator") ?? "\n\n");
        map.RejectUnknownKeys();
        return block;
    }

    public override IReadOnlySet<string> Columns(IReadOnlySet<string> before)
    {
        foreach (var source in sources)
        {
            Require(before, source);
        }
        RequireWritable(into, Location);
        return Pipelines.Columns.With(before, into);
    }

    public override Task<IReadOnlyList<JsonObject>> RunAsync(IReadOnlyList<JsonObject> rows, PipelineContext context) =>
        Task.FromResult<IReadOnlyList<JsonObject>>([.. rows.Select(row =>
        {
            var result = (JsonObject)row.DeepClone();
            result[into] = string.Join(separator, sources.Select(s => Condition.Text(row[s])).Where(t => t.Length > 0));
            return result;
        })]);
}
