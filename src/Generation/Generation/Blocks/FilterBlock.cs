using System.Text.Json.Nodes;
using InstructLab.Aspire.Generation.Pipelines;
using YamlDotNet.RepresentationModel;

namespace InstructLab.Aspire.Generation.Blocks;

/// <summary><c>filter</c>: keeps the rows for which every condition of <c>where</c> holds (a value or a threshold).</summary>
public sealed class FilterBlock(string name, SourceLocation location, IReadOnlyList<Condition> conditions) : Block(name, location)
{
    public override string Type => "filter";

    internal static FilterBlock Read(YamlMap map, string name)
    {
        var where = map.Node("where") switch
        {
            YamlMappingNode one => [Condition.Read(new YamlMap(one, map.Source, $"'where' of block '{name}'"))],
            YamlSequenceNode => map.Maps("where", $"a condition of block '{name}'").Select(c => Condition.Read(c)).ToList(),
            null => throw YamlMap.Error(map.Location, $"block '{name}' needs 'where' (a condition, or a list of them)"),
            var other => throw YamlMap.Error(map.At(other), $"'where' of block '{name}' must be a condition or a list of conditions"),
        };
        map.RejectUnknownKeys();
        return new FilterBlock(name, map.Location, where);
    }

    public override IReadOnlySet<string> Columns(IReadOnlySet<string> before)
    {
        foreach (var condition in conditions)
        {
            Require(before, condition.Column, condition.Location);
        }
        return before;
    }

    public override Task<IReadOnlyList<JsonObject>> RunAsync(IReadOnlyList<JsonObject> rows, PipelineContext context) =>
        Task.FromResult<IReadOnlyList<JsonObject>>([.. rows.Where(row => conditions.All(c => c.Holds(row)))]);
}
