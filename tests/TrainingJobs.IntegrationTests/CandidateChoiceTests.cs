using InstructLab.Aspire.Contracts.Messages.Training;
using InstructLab.Aspire.Training.Api.Candidates;

namespace InstructLab.Aspire.TrainingJobs.IntegrationTests;

/// <summary>Which scored checkpoint a job publishes, and how its model card says why.</summary>
public sealed class CandidateChoiceTests
{
    private static TrainingCandidate Candidate(int epoch, double? loss, double? mtBench = null, double? mmlu = null) => new()
    {
        Phase = "skills", Epoch = epoch, Step = epoch * 4, ModelKey = $"training/job/candidates/epoch-{epoch}/model.gguf",
        HeldOutLoss = loss, MtBenchBranch = mtBench, MmluBranch = mmlu,
    };

    [Fact]
    public void TheHighestMtBenchBranchRatingWinsOverALowerHeldOutLoss()
    {
        var candidates = new[] { Candidate(1, 1.2, mtBench: 6.5), Candidate(2, 0.8, mtBench: 5.0), Candidate(3, 0.9, mtBench: 6.5) };

        var chosen = CandidateChoice.Choose(candidates);

        // A tie on MT-Bench-branch goes to the lower held-out loss: epoch 3 (0.9) over epoch 1 (1.2).
        Assert.Equal(3, chosen.Epoch);
        Assert.Equal("the highest MT-Bench-branch rating (judge judge-7b), then the lowest held-out answer-token loss", CandidateChoice.Describe(candidates, "judge-7b"));
    }

    [Fact]
    public void MmluBranchDecidesWhereMtBenchBranchFailedAndHeldOutLossWhereNothingWasScored()
    {
        Assert.Equal(1, CandidateChoice.Choose([Candidate(1, 1.5, mmlu: 0.75), Candidate(2, 0.7, mmlu: 0.5)]).Epoch);
        // The candidate whose evaluation failed ranks below the one that was scored.
        Assert.Equal(2, CandidateChoice.Choose([Candidate(1, 0.5, mtBench: null), Candidate(2, 0.9, mtBench: 2.0)]).Epoch);
        Assert.Equal(1, CandidateChoice.Choose([Candidate(1, 0.5), Candidate(2, 0.9)]).Epoch);
        // Nothing at all: the later epoch.
        Assert.Equal(2, CandidateChoice.Choose([Candidate(1, null), Candidate(2, null)]).Epoch);
        Assert.Equal("the latest epoch", CandidateChoice.Describe([Candidate(1, null), Candidate(2, null)], ""));
    }
}
