using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Contracts.Taxonomy.V1;
using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.Generation.IntegrationTests;

/// <summary>The response cache and the job's single trace, on the full pipelines (teacher and judge).</summary>
public sealed class RerunTests(GenerationSuite suite)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RerunningAFinishedJobWithTheSameSeedMakesNoTeacherCallsAndYieldsTheSameDataset()
    {
        var (taxonomy, _, _) = SampleTaxonomy.Build(suite.Stack.Workspace.Combine("rerun"), SampleTaxonomy.ChickadeeLeaf, SampleTaxonomy.SynonymsLeaf);
        await using var teacher = await TeacherProxy.StartAsync(suite.Stack.Serving, seed: 3);
        var request = Jobs.Request(taxonomy, seed: 505, "full");
        (request.SamplesPerSeed, request.BatchSize, request.MaxRowsPerLeaf) = (2, 2, 2);
        request.Chunking = new ChunkingOptions { MaxTokens = 200, OverlapTokens = 20 };
        request.Teacher.Url = teacher.Address.ToString();
        request.Teacher.ApiKey = suite.Stack.ServingKey;
        request.Teacher.Model = GenerationSuite.Model;

        var first = await Jobs.RunAsync(suite, request, TimeSpan.FromMinutes(4));
        var calls = teacher.Forwarded;
        var second = await Jobs.RunAsync(suite, request, TimeSpan.FromMinutes(2));

        Assert.True(first.Progress.TeacherCalls > 0 && calls >= first.Progress.TeacherCalls, $"first run: {first.Progress.TeacherCalls} teacher calls counted, {calls} seen");
        Assert.True(first.Progress.JudgeCalls > 0, "the full pipelines judge");
        Assert.Equal(calls, teacher.Forwarded);
        Assert.Equal((0L, 0L), (second.Progress.TeacherCalls, second.Progress.JudgeCalls));
        Assert.Equal(first.Progress.TeacherCalls + first.Progress.CachedCalls, second.Progress.CachedCalls);
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(await suite.Stack.Artifacts.ReadBytesAsync(first.Dataset.KnowledgeKey, Cancel), await suite.Stack.Artifacts.ReadBytesAsync(second.Dataset.KnowledgeKey, Cancel));
        Assert.Equal(await suite.Stack.Artifacts.ReadBytesAsync(first.Dataset.SkillsKey, Cancel), await suite.Stack.Artifacts.ReadBytesAsync(second.Dataset.SkillsKey, Cancel));
        Assert.Equal(first.Progress.Stages.Select(s => (s.Name, s.RowsIn, s.RowsOut)), second.Progress.Stages.Select(s => (s.Name, s.RowsIn, s.RowsOut)));
    }

    [Fact]
    public async Task AJobIsOneTraceFromSubmitThroughEveryBatchTeacherJudgeAndArtifactWriteToTheMix()
    {
        var (taxonomy, _, _) = SampleTaxonomy.Build(suite.Stack.Workspace.Combine("trace"), SampleTaxonomy.SynonymsLeaf);
        var request = Jobs.Request(taxonomy, seed: 606, "full");
        (request.SamplesPerSeed, request.BatchSize, request.MaxRowsPerLeaf) = (1, 2, 4);

        var job = await Jobs.RunAsync(suite, request, TimeSpan.FromMinutes(3));
        var mix = await suite.Stack.Collector.WaitForAsync(spans => spans.FirstOrDefault(s =>
            s.Name == "mix dataset" && s.Attributes.GetValueOrDefault("generation.job_id") == job.Id), TimeSpan.FromSeconds(30));
        // Each process exports on its own schedule: wait until every service's spans of the trace are in.
        var trace = await suite.Stack.Collector.WaitForAsync(spans =>
        {
            var found = spans.Where(s => s.TraceId == mix.TraceId).ToList();
            var services = found.Select(s => s.Service).Distinct().Count();
            return found.Count(s => s.Name == "generate batch") >= job.Progress.BatchesTotal && services >= 4 ? found : null;
        }, TimeSpan.FromSeconds(30));

        var submit = Assert.Single(trace, s => s.Name.EndsWith("GenerationService/SubmitJob", StringComparison.Ordinal));
        Assert.Equal((ResourceNames.Generation, ""), (submit.Service, submit.ParentSpanId.TrimStart('0')));
        Assert.Equal(job.Progress.BatchesTotal, trace.Count(s => s.Service == ResourceNames.Generation && s.Name == "generate batch"));
        Assert.Contains(trace, s => s.Service == ResourceNames.Generation && s.Name == $"chat {GenerationSuite.Model}");
        Assert.Contains(trace, s => s.Service == ResourceNames.Judging && s.Name == "judge question_quality");
        Assert.Contains(trace, s => s.Service == ResourceNames.Serving && s.Attributes.GetValueOrDefault("gen_ai.request.model") == GenerationSuite.Model);
        Assert.Contains(trace, s => s.Service == ResourceNames.Taxonomy);
        Assert.Contains(trace, s => s.Service == ResourceNames.Generation && s.Attributes.GetValueOrDefault("http.request.method") == "PUT"
            && s.Attributes.GetValueOrDefault("url.full", "").Contains("/datasets/", StringComparison.Ordinal));
        Assert.DoesNotContain(trace, s => s.Attributes.Values.Any(v => v.Contains(suite.Stack.ServingKey, StringComparison.Ordinal)));
    }
}
