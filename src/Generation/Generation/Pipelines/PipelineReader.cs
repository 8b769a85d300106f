using InstructLab.Aspire.Generation.Blocks;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace InstructLab.Aspire.Generation.Pipelines;

/// <summary>
/// Reads pipeline files (see docs/pipelines.md) and checks them before anything runs: every field and block type,
/// every prompt variable against the columns there at that point, includes (a cycle is an error), and the output
/// mapping. Every error names the file, line and column.
/// </summary>
public sealed class PipelineReader(Func<string, PipelineSource?> find)
{
    public const int MaxFileLength = 1024 * 1024;
    private const int MaxIncludeDepth = 16;

    private static readonly string[] BlockTypes =
        ["llm", "conditional_llm", "judge", "filter", "rename", "duplicate", "combine", "flatten", "sample", "drop", "dedup", "iterate", "include"];

    /// <summary>Reads a pipeline a job can select: it needs <c>applies_to</c>, <c>blocks</c> and <c>output</c>.</summary>
    public Pipeline Read(PipelineSource source)
    {
        var map = Root(source);
        map.Int("version", 1, 1, 1);
        var description = map.OptionalString("description") ?? "";
        var appliesTo = map.Strings("applies_to");
        if (appliesTo.Count == 0)
        {
            throw YamlMap.Error(map.LocationOf("applies_to"), $"pipeline '{source.Name}' needs 'applies_to' (any of: {string.Join(", ", LeafKinds.All)})");
        }
        foreach (var (kind, i) in appliesTo.Select((k, i) => (k, i)))
        {
            if (!LeafKinds.All.Contains(kind))
            {
                throw YamlMap.Error(map.At(map.OptionalList("applies_to")!.Children[i]), $"unknown leaf kind '{kind}' (allowed: {string.Join(", ", LeafKinds.All)})");
            }
        }
        var blocks = Blocks(map, [source.Name], new HashSet<string>(StringComparer.Ordinal));
        var output = map.OptionalMap("output", "the pipeline's output") ?? throw YamlMap.Error(map.Location, $"pipeline '{source.Name}' needs 'output' (question, answer and optional context columns)");
        var mapping = new PipelineOutput(output.String("question"), output.String("answer"), output.OptionalString("context"));
        output.RejectUnknownKeys();
        map.RejectUnknownKeys();

        var columns = appliesTo.Select(LeafKinds.InputColumns).Aggregate((a, b) => a.Intersect(b).ToHashSet(StringComparer.Ordinal));
        foreach (var block in blocks)
        {
            columns = block.Columns(columns);
        }
        foreach (var (field, column) in new[] { ("question", mapping.Question), ("answer", mapping.Answer), ("context", mapping.Context) })
        {
            if (column is not null && !columns.Contains(column))
            {
                throw YamlMap.Error(output.LocationOf(field), $"output {field} is column '{column}', which the pipeline does not produce (columns at the end: {string.Join(", ", columns.Where(c => !c.StartsWith('_')).Order(StringComparer.Ordinal))})");
            }
        }
        return new Pipeline { Source = source, Description = description, AppliesTo = appliesTo, Blocks = blocks, Output = mapping };
    }

    private static YamlMap Root(PipelineSource source)
    {
        var start = new SourceLocation(source.FileName, 1, 1);
        if (source.Text.Length > MaxFileLength)
        {
            throw new PipelineException(start, $"the file has {source.Text.Length} characters; a pipeline file may have at most {MaxFileLength}");
        }
        YamlGuard.Check(source.Text, source.FileName);
        var yaml = new YamlStream();
        try
        {
            yaml.Load(new StringReader(source.Text));
        }
        catch (YamlException e)
        {
            throw new PipelineException(new SourceLocation(source.FileName, (int)e.Start.Line, (int)e.Start.Column), $"not valid YAML: {e.InnerException?.Message ?? e.Message}");
        }
        return yaml.Documents.FirstOrDefault()?.RootNode is YamlMappingNode root
            ? new YamlMap(root, source, $"pipeline '{source.Name}'")
            : throw new PipelineException(start, "a pipeline file must be a YAML mapping (version, description, applies_to, blocks, output)");
    }

    private List<Block> Blocks(YamlMap map, IReadOnlyList<string> includeChain, HashSet<string> names)
    {
        if (map.OptionalList("blocks") is not { Children.Count: > 0 })
        {
            throw YamlMap.Error(map.LocationOf("blocks"), $"{map.Source.FileName} needs 'blocks' (a list of at least one block)");
        }
        var blocks = new List<Block>();
        foreach (var block in map.Maps("blocks", "a block"))
        {
            blocks.AddRange(ReadBlock(block, includeChain, names));
        }
        return blocks;
    }

    private IEnumerable<Block> ReadBlock(YamlMap map, IReadOnlyList<string> includeChain, HashSet<string> names)
    {
        var type = map.String("type");
        if (!BlockTypes.Contains(type))
        {
            throw YamlMap.Error(map.LocationOf("type"), $"unknown block type '{type}' (allowed: {string.Join(", ", BlockTypes)})");
        }
        if (type == "include")
        {
            return Include(map, includeChain, names);
        }
        var name = map.String("name");
        if (!names.Add(name))
        {
            throw YamlMap.Error(map.LocationOf("name"), $"a block named '{name}' comes earlier; block names must be unique in a pipeline, includes counted");
        }
        return
        [
            type switch
            {
                "llm" => LlmBlock.Read(map, name, conditional: false),
                "conditional_llm" => LlmBlock.Read(map, name, conditional: true),
                "judge" => JudgeBlock.Read(map, name),
                "filter" => FilterBlock.Read(map, name),
                "rename" => RenameBlock.Read(map, name, copy: false),
                "duplicate" => RenameBlock.Read(map, name, copy: true),
                "combine" => CombineBlock.Read(map, name),
                "flatten" => FlattenBlock.Read(map, name),
                "sample" => SampleBlock.Read(map, name),
                "drop" => DropBlock.Read(map, name),
                "dedup" => DedupBlock.Read(map, name),
                _ => Iterate(map, name, includeChain, names),
            },
        ];
    }

    private IterateBlock Iterate(YamlMap map, string name, IReadOnlyList<string> includeChain, HashSet<string> names)
    {
        var times = SampleCount.Read(map, "times", 1000) ?? throw YamlMap.Error(map.Location, $"block '{name}' needs 'times' (a number or {SampleCount.SamplesPerSeed})");
        var blocks = Blocks(map, includeChain, names);
        map.RejectUnknownKeys();
        return new IterateBlock(name, map.Location, times, blocks);
    }

    /// <summary>The blocks of another file, spliced in; its own applies_to and output do not matter here.</summary>
    private List<Block> Include(YamlMap map, IReadOnlyList<string> includeChain, HashSet<string> names)
    {
        var target = map.String("pipeline");
        var at = map.LocationOf("pipeline");
        map.OptionalString("name");
        map.RejectUnknownKeys();
        if (includeChain.Contains(target))
        {
            throw YamlMap.Error(at, $"include cycle: {string.Join(" → ", includeChain.Append(target))}");
        }
        if (includeChain.Count >= MaxIncludeDepth)
        {
            throw YamlMap.Error(at, $"includes nest deeper than {MaxIncludeDepth}");
        }
        var source = find(target) ?? throw YamlMap.Error(at, $"included pipeline '{target}' does not exist");
        var included = Root(source);
        var blocks = Blocks(included, [.. includeChain, target], names);
        foreach (var key in new[] { "version", "description", "applies_to", "output" })
        {
            included.Node(key);
        }
        included.RejectUnknownKeys();
        return blocks;
    }
}
