using InstructLab.Aspire.Contracts.Messages.Training;

namespace InstructLab.Aspire.Training.Api.Candidates;

/// <summary>
/// Which candidate becomes the job's model: the highest MT-Bench-branch rating (InstructLab's choice of a phase-2
/// checkpoint), then the highest MMLU-branch accuracy, then the lowest held-out loss, then the later epoch. A score a
/// candidate lacks (its evaluation failed) ranks below every score.
/// </summary>
public static class CandidateChoice
{
    public static TrainingCandidate Choose(IReadOnlyList<TrainingCandidate> candidates) =>
        candidates
            .OrderByDescending(c => c.MtBenchBranch ?? double.NegativeInfinity)
            .ThenByDescending(c => c.MmluBranch ?? double.NegativeInfinity)
            .ThenBy(c => c.HeldOutLoss ?? double.PositiveInfinity)
            .ThenByDescending(c => c.Epoch)
            .First();

    /// <summary>What decided, as the model card says it.</summary>
    public static string Describe(IReadOnlyList<TrainingCandidate> candidates, string judge)
    {
        var parts = new List<string>();
        if (candidates.Any(c => c.MtBenchBranch is not null))
        {
            parts.Add($"the highest MT-Bench-branch rating (judge {judge})");
        }
        if (candidates.Any(c => c.MmluBranch is not null))
        {
            parts.Add("the highest MMLU-branch accuracy");
        }
        parts.Add(candidates.Any(c => c.HeldOutLoss is not null) ? "the lowest held-out answer-token loss" : "the latest epoch");
        return string.Join(", then ", parts);
    }
}
