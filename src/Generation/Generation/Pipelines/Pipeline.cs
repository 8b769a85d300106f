using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace InstructLab.Aspire.Generation.Pipelines;

/// <summary>
/// A pipeline read from its file and checked: blocks in order (includes spliced in), the leaf kinds it applies to and
/// how its last rows become training samples.
/// </summary>
public sealed class Pipeline
{
    public required PipelineSource Source { get; init; }

    public string Name => Source.Name;

    public required string Description { get; init; }

    public required IReadOnlyList<string> AppliesTo { get; init; }

    public required IReadOnlyList<Block> Blocks { get; init; }

    public required PipelineOutput Output { get; init; }

    /// <summary>SHA-256 of the file's text (includes not counted), for the data card.</summary>
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Source.Text)));

    /// <summary>Every block, nested ones after their parent, in the order they run.</summary>
    public IReadOnlyList<Block> AllBlocks => [.. Blocks.SelectMany(Flatten)];

    public bool AppliesToKind(string kind) => AppliesTo.Contains(kind);

    /// <summary>Runs the rows through every block; the context collects the counters.</summary>
    public Task<IReadOnlyList<JsonObject>> RunAsync(IReadOnlyList<JsonObject> rows, PipelineContext context) =>
        RunBlocksAsync(Blocks, rows, context);

    /// <summary>Runs blocks in order, counting each block's rows in and out.</summary>
    public static async Task<IReadOnlyList<JsonObject>> RunBlocksAsync(IReadOnlyList<Block> blocks, IReadOnlyList<JsonObject> rows, PipelineContext context)
    {
        foreach (var block in blocks)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var output = rows.Count == 0 ? rows : await block.RunAsync(rows, context);
            context.Stats.For(block).Rows(rows.Count, output.Count);
            rows = output;
        }
        return rows;
    }

    private static IEnumerable<Block> Flatten(Block block) => [block, .. block.Children.SelectMany(Flatten)];
}
