namespace InstructLab.Aspire.Generation.Pipelines;

/// <summary>
/// Which columns of a pipeline's last rows make a training sample: the user's question, the assistant's answer, and
/// the document or context the question rests on (knowledge chunks, grounded skills' contexts).
/// </summary>
public sealed record PipelineOutput(string Question, string Answer, string? Context);
