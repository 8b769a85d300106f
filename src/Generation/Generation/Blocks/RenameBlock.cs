using System.Text.Json.Nodes;
using InstructLab.Aspire.Generation.Pipelines;
using YamlDotNet.RepresentationModel;

namespace InstructLab.Aspire.Generation.Blocks;

/// <summary>
/// <c>rename</c> (<c>columns: {old: new}</c>) moves columns; <c>duplicate</c> (<c>columns: {source: copy}</c>) copies them.
/// </summary>
public sealed class RenameBlock(string name, SourceLocation location, IReadOnlyList<(string From, string To)> pairs, bool copy) : Block(name, location)
{
    public override string Type => copy ? "duplicate" : "rename";

    internal static RenameBlock Read(YamlMap map, string name, bool copy)
    {
        var columns = map.OptionalMap("columns", $"columns of block '{name}'")
            ?? throw YamlMap.Error(map.Location, $"block '{name}' needs 'columns' ({(copy ? "source: copy" : "old: new")})");
        var pairs = columns.Entries().ToList().Select(entry => entry.Value is YamlScalarNode { Value: { Length: > 0 } to }
            ? (entry.Key, to)
            : throw YamlMap.Error(entry.Location, $"column '{entry.Key}' of block '{name}' needs a new name")).ToList();
        map.RejectUnknownKeys();
        return new RenameBlock(name, map.Location, pairs, copy);
    }

    public override IReadOnlySet<string> Columns(IReadOnlySet<string> before)
    {
        var after = Pipelines.Columns.With(before);
        foreach (var (from, to) in pairs)
        {
            Require(before, from);
            RequireWritable(to, Location);
            if (!copy)
            {
                RequireWritable(from, Location);
                after.Remove(from);
            }
            after.Add(to);
        }
        return after;
    }

    public override Task<IReadOnlyList<JsonObject>> RunAsync(IReadOnlyList<JsonObject> rows, PipelineContext context) =>
        Task.FromResult<IReadOnlyList<JsonObject>>([.. rows.Select(row =>
        {
            var result = (JsonObject)row.DeepClone();
            foreach (var (from, to) in pairs)
            {
                result[to] = row[from]?.DeepClone();
                if (!copy)
                {
                    result.Remove(from);
                }
            }
            return result;
        })]);
}
