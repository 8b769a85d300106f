using InstructLab.Aspire.Contracts.Judging.V1;
using InstructLab.Aspire.Contracts.Suite.V1;
using InstructLab.Aspire.Contracts.Taxonomy.V1;
using InstructLab.Aspire.TestSupport;
using static InstructLab.Aspire.Evaluations.IntegrationTests.Evaluations;

namespace InstructLab.Aspire.Evaluations.IntegrationTests;

/// <summary>Branch benchmarks on a git copy of the sample taxonomy whose branch adds a leaf and edits one: only those are asked, model and base both judged.</summary>
public sealed class BranchTests(EvaluationStack stack)
{
    [Fact]
    public async Task MtBenchBranchAsksOnlyTheChangedLeavesAndComparesModelAndBase()
    {
        var repository = GitRepository.Init(stack.Workspace.Combine($"taxonomy-{Guid.NewGuid():N}"));
        repository.Copy(SharedFiles.RequireData("taxonomy-sample", "compositional_skills", "linguistics", "synonyms"), "compositional_skills/linguistics/synonyms");
        repository.Commit("synonyms");
        repository.Git("checkout", "--quiet", "-b", "feature");
        repository.Copy(SharedFiles.RequireData("taxonomy-sample", "compositional_skills", "writing", "freeform", "emoji"), "compositional_skills/writing/freeform/emoji");
        var synonyms = Path.Combine(repository.Path, "compositional_skills", "linguistics", "synonyms", "qna.yaml");
        File.WriteAllText(synonyms, File.ReadAllText(synonyms).Replace("created_by:", "# edited on the branch\ncreated_by:", StringComparison.Ordinal));
        repository.Commit("emoji, synonyms edited");
        var request = new RunEvaluationRequest
        {
            Benchmark = "mt_bench_branch",
            Model = new ChatEndpoint { Model = EvaluationStack.Chat },
            BaseModel = new ChatEndpoint { Model = EvaluationStack.ChatBase },
            Judge = new ChatEndpoint { Model = EvaluationStack.Chat, StructuredOutput = StructuredOutput.Always },
            Taxonomy = new TaxonomySource { LocalPath = repository.Path },
            Base = "main",
            Options = new EvaluationOptions { Limit = 2, MaxAnswerTokens = 32 },
        };

        var done = await WaitAsync(stack.Client, (await stack.Client.RunAsync(request, cancellationToken: Cancel)).Id);

        Assert.Equal(EvaluationState.Completed, done.State);
        Assert.Equal((4, EvaluationStack.ChatBase), (done.ItemsTotal, done.BaseModel));
        var items = await ItemsAsync(stack.Artifacts, done.Id);
        Assert.Equal(["compositional_skills/linguistics/synonyms", "compositional_skills/writing/freeform/emoji"], items.Select(i => i.Group).Distinct().Order());
        Assert.All(items, item => Assert.Single(item.References!));
        var results = await ResultsAsync(stack.Artifacts, done.Id);
        Assert.All(results, result => Assert.NotNull(result.Base));
        var report = Report(await stack.Client.GetReportAsync(new GetEvaluationRequest { Id = done.Id }, cancellationToken: Cancel));
        Assert.Equal(2, report.Groups.Count);
        Assert.All(report.Groups, leaf => Assert.Equal(leaf.Model.Score - leaf.Base!.Score, leaf.Delta!.Value, 12));
        // The added leaf is new; the edited one is judged against its base.
        Assert.Equal("new", report.Groups.Single(g => g.Group.EndsWith("emoji", StringComparison.Ordinal)).Verdict);
        Assert.Contains(report.Groups.Single(g => g.Group.EndsWith("synonyms", StringComparison.Ordinal)).Verdict, new[] { "improved", "regressed", "unchanged" });
        Assert.Equal(EvaluationStack.ChatBase, report.BaseModel);
    }

    [Fact]
    public async Task MmluBranchScoresModelAndBasePerLeaf()
    {
        var request = Request("mmlu_branch", EvaluationStack.Stories, Shared("mmlu_branch_sample", p => p.EndsWith(".jsonl", StringComparison.Ordinal)));
        request.BaseModel = new ChatEndpoint { Model = EvaluationStack.Stories };
        request.Options.Limit = 4;

        var done = await WaitAsync(stack.Client, (await stack.Client.RunAsync(request, cancellationToken: Cancel)).Id);

        Assert.Equal(EvaluationState.Completed, done.State);
        var report = Report(await stack.Client.GetReportAsync(new GetEvaluationRequest { Id = done.Id }, cancellationToken: Cancel));
        var leaf = Assert.Single(report.Groups);
        Assert.Equal("knowledge/textbook/tonsil", leaf.Group);
        // The same model as its own base: the same picks, no difference.
        Assert.Equal((leaf.Model.Score, 0.0, "unchanged"), (leaf.Base!.Score, leaf.Delta!.Value, leaf.Verdict!));
    }
}
