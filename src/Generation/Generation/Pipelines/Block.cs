using System.Text.Json.Nodes;

namespace InstructLab.Aspire.Generation.Pipelines;

/// <summary>
/// One step of a pipeline: takes the rows (JSON objects, one property per column) and returns the rows it keeps or
/// makes. Checked once against the columns before it (<see cref="Columns"/>) when the file is read, before any row runs.
/// </summary>
public abstract class Block(string name, SourceLocation location)
{
    public string Name { get; } = name;

    public SourceLocation Location { get; } = location;

    /// <summary>The block type as written in YAML, e.g. <c>llm</c>.</summary>
    public abstract string Type { get; }

    /// <summary>Blocks nested in this one (<c>iterate</c>).</summary>
    public virtual IReadOnlyList<Block> Children => [];

    /// <summary>The columns after this block given those before it; throws <see cref="PipelineException"/> when it cannot run.</summary>
    public abstract IReadOnlySet<string> Columns(IReadOnlySet<string> before);

    public abstract Task<IReadOnlyList<JsonObject>> RunAsync(IReadOnlyList<JsonObject> rows, PipelineContext context);

    /// <summary>Fails when a column this block reads is not there.</summary>
    protected void Require(IReadOnlySet<string> columns, string column, SourceLocation? at = null)
    {
        if (!columns.Contains(column))
        {
            throw new PipelineException(at ?? Location,
                $"block '{Name}' reads column '{column}', which is not a column here (available: {string.Join(", ", columns.Where(c => !c.StartsWith('_')).Order(StringComparer.Ordinal))})");
        }
    }

    /// <summary>Fails when a column this block writes would overwrite a row's bookkeeping.</summary>
    protected void RequireWritable(string column, SourceLocation at)
    {
        if (column.StartsWith('_') || column.Length == 0)
        {
            throw new PipelineException(at, $"block '{Name}' cannot write column '{column}': names starting with '_' belong to the pipeline runner");
        }
    }
}
