namespace InstructLab.Aspire.Generation.Pipelines;

/// <summary>The pipelines a job named, checked, and the files they were read from (includes among them).</summary>
public sealed record PipelineSelection(IReadOnlyList<Pipeline> Pipelines, IReadOnlyList<PipelineSource> Sources)
{
    /// <summary>The first pipeline that applies to the kind, or null.</summary>
    public Pipeline? For(string kind) => Pipelines.FirstOrDefault(p => p.AppliesToKind(kind));
}
