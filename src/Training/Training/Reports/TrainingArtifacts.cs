namespace InstructLab.Aspire.Training.Reports;

/// <summary>The files a finished run wrote.</summary>
public sealed record TrainingArtifacts(string Model, string ModelCardJson, string ModelCardMarkdown, string ReportJson, string ReportMarkdown, string Curves);
