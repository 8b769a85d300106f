namespace InstructLab.Aspire.Generation.Pipelines;

/// <summary>A pipeline file's text, the name jobs select it by and the file name its errors name.</summary>
public sealed record PipelineSource(string Name, string FileName, string Text);
