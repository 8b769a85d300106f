using InstructLab.Aspire.Training.Reports;

namespace InstructLab.Aspire.Training;

/// <summary>A finished run: the files it wrote and its model card.</summary>
public sealed record TrainingResult(TrainingArtifacts Artifacts, ModelCard Card);
