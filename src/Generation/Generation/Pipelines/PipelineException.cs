namespace InstructLab.Aspire.Generation.Pipelines;

/// <summary>A pipeline file that cannot run: names the file, line and column, and what is wrong.</summary>
public sealed class PipelineException(SourceLocation location, string reason) : Exception($"{location}: {reason}")
{
    public SourceLocation Location { get; } = location;

    public string Reason { get; } = reason;
}
