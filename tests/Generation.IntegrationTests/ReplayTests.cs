using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.Generation.IntegrationTests;

/// <summary>A pipeline from the services' own folder, and phase 2 replaying an earlier dataset.</summary>
public sealed class ReplayTests(GenerationSuite suite)
{
    [Fact]
    public async Task AFolderPipelineRunsAndALaterJobReplaysItsSkillsLines()
    {
        var (taxonomy, _, _) = SampleTaxonomy.Build(suite.Stack.Workspace.Combine("replay"), SampleTaxonomy.SynonymsLeaf);
        var earlier = Jobs.Request(taxonomy, seed: 808, GenerationSuite.FolderPipeline);
        (earlier.SamplesPerSeed, earlier.MaxRowsPerLeaf) = (2, 2);
        var first = await Jobs.RunAsync(suite, earlier, TimeSpan.FromMinutes(2));

        var later = Jobs.Request(taxonomy, seed: 809, GenerationSuite.FolderPipeline);
        (later.SamplesPerSeed, later.MaxRowsPerLeaf, later.ReplayDataset, later.ReplayRatio) = (1, 2, first.Dataset.SkillsKey, 1.0);
        var second = await Jobs.RunAsync(suite, later, TimeSpan.FromMinutes(2));

        var before = await Jobs.LinesAsync(suite.Stack.Artifacts, first.Dataset.SkillsKey);
        var lines = await Jobs.LinesAsync(suite.Stack.Artifacts, second.Dataset.SkillsKey);
        Assert.Equal(GenerationSuite.FolderPipeline, first.Leaves.Single().Pipeline);
        Assert.Equal(4, before.Count);
        var replayed = lines.Where(l => ((string)l["id"]!).StartsWith("replay/", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lines.Count - replayed.Count);
        Assert.Equal(2, replayed.Count);
        Assert.All(replayed, line => Assert.Contains(before, b => "replay/" + (string)b["id"]! == (string)line["id"]!
            && b["messages"]!.ToJsonString() == line["messages"]!.ToJsonString()));
    }
}
