using InstructLab.Aspire.Training.Reports;

namespace InstructLab.Aspire.Training;

/// <summary>A finished run: the files it wrote, its model card, and the candidates it exported when asked.</summary>
public sealed record TrainingResult(TrainingArtifacts Artifacts, ModelCard Card)
{
    /// <summary>Each epoch-end checkpoint of the last phase as a GGUF (<see cref="TrainingRequest.CandidateDirectory"/>).</summary>
    public IReadOnlyList<CandidateExport> Candidates { get; init; } = [];
}

/// <summary>An epoch-end checkpoint exported as a GGUF; its held-out loss is NaN without held-out samples.</summary>
public sealed record CandidateExport(string Phase, int Epoch, long Step, string Path, double HeldOutLoss);
