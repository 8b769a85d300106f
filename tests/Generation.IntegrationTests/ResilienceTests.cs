using InstructLab.Aspire.Contracts.Generation.V1;
using InstructLab.Aspire.Contracts.Taxonomy.V1;
using InstructLab.Aspire.Generation.Jobs;
using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.Generation.IntegrationTests;

/// <summary>Nothing lost, nothing doubled: a killed worker, a restarted broker, a teacher that fails a fifth of its calls.</summary>
public sealed class ResilienceTests(GenerationSuite suite)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AKilledWorkerAndARestartedBrokerLoseAndDoubleNothing()
    {
        var (taxonomy, _, _) = SampleTaxonomy.Build(suite.Stack.Workspace.Combine("chaos"), SampleTaxonomy.ChickadeeLeaf, SampleTaxonomy.SynonymsLeaf);
        await using var teacher = await TeacherProxy.StartAsync(suite.Stack.Serving, seed: 1);
        teacher.Delay = TimeSpan.FromMilliseconds(500);
        var request = Jobs.Request(taxonomy, seed: 202).WithTinyPipeline();
        (request.SamplesPerSeed, request.BatchSize, request.MaxRowsPerLeaf) = (2, 1, 12);
        request.Chunking = new ChunkingOptions { MaxTokens = 150, OverlapTokens = 10 };
        request.Teacher.Url = teacher.Address.ToString();
        request.Teacher.ApiKey = suite.Stack.ServingKey;
        request.Teacher.Model = GenerationSuite.Model;

        var submitted = await suite.Stack.Client.SubmitJobAsync(request, cancellationToken: Cancel);
        var (killed, restarted) = (false, false);
        var job = await Jobs.WaitAsync(suite.Stack.Client, submitted.JobId, TimeSpan.FromMinutes(5), async seen =>
        {
            if (!killed && seen.Progress.BatchesDone >= 3)
            {
                killed = true;
                await suite.Stack.KillGenerationAsync(1);
            }
            else if (killed && !restarted && seen.Progress.BatchesDone >= 7)
            {
                restarted = true;
                await suite.Stack.RabbitMq.RestartAsync();
                await suite.Stack.StartGenerationAsync(1);
            }
        });

        Assert.True(killed && restarted, $"the job ended before the chaos was done: {job.Progress.BatchesDone} of {job.Progress.BatchesTotal} batches");
        Assert.True(job.State == JobState.Completed, $"{job.State}: {job.Error}");
        Assert.Equal(job.Progress.BatchesTotal, job.Progress.BatchesDone);
        var jobId = Guid.Parse(job.Id);
        var ids = new List<string>();
        for (var leaf = 0; leaf < job.Leaves.Count; leaf++)
        {
            for (var batch = 0; batch < job.Leaves[leaf].Progress.BatchesTotal; batch++)
            {
                ids.AddRange((await Jobs.LinesAsync(suite.Stack.Artifacts, JobKeys.Batch(jobId, leaf, batch))).Select(row => $"{leaf}#{row["_id"]}"));
            }
        }
        var expected = job.Leaves.SelectMany((leaf, index) => Enumerable.Range(0, leaf.Progress.RowsTotal)
            .SelectMany(seed => Enumerable.Range(0, 2).Select(sample => $"{index}#{seed}/{sample}"))).ToList();
        Assert.Equal([6, 12], job.Leaves.Select(l => l.Progress.RowsTotal));
        Assert.Equal(expected.Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
        Assert.Equal(expected.Count, job.Progress.SamplesKept);
        var lines = await Jobs.LinesAsync(suite.Stack.Artifacts, job.Dataset.SkillsKey);
        Assert.Equal(lines.Count, lines.Select(l => (string)l["id"]!).Distinct().Count());
    }

    [Fact]
    public async Task AJobCompletesWhenTheTeacherFailsAFifthOfItsRequests()
    {
        var (taxonomy, _, _) = SampleTaxonomy.Build(suite.Stack.Workspace.Combine("flaky"), SampleTaxonomy.SynonymsLeaf);
        await using var teacher = await TeacherProxy.StartAsync(suite.Stack.Serving, seed: 2);
        teacher.FailureRate = 0.2;
        var request = Jobs.Request(taxonomy, seed: 303).WithTinyPipeline();
        (request.SamplesPerSeed, request.BatchSize) = (4, 2);
        request.Teacher.Url = teacher.Address.ToString();
        request.Teacher.ApiKey = suite.Stack.ServingKey;
        request.Teacher.Model = GenerationSuite.Model;

        var job = await Jobs.RunAsync(suite, request, TimeSpan.FromMinutes(4));

        Assert.True(teacher.Failed >= 5, $"only {teacher.Failed} of {teacher.Failed + teacher.Forwarded} requests failed");
        Assert.Equal((24, 24), (job.Progress.SamplesGenerated, job.Progress.SamplesKept));
        Assert.Equal(48, job.Progress.TeacherCalls + job.Progress.CachedCalls);
    }

    [Fact]
    public async Task ABatchPastItsTimeLimitIsStoppedRetriedCountedAndThenFailsTheJob()
    {
        var (taxonomy, _, _) = SampleTaxonomy.Build(suite.Stack.Workspace.Combine("slow"), SampleTaxonomy.SynonymsLeaf);
        await using var teacher = await TeacherProxy.StartAsync(suite.Stack.Serving, seed: 3);
        teacher.Delay = TimeSpan.FromSeconds(30);
        var request = Jobs.Request(taxonomy, seed: 404).WithTinyPipeline();
        (request.SamplesPerSeed, request.BatchSize, request.MaxRowsPerLeaf, request.MaxBatchSeconds) = (1, 1, 1, 1);
        request.Teacher.Url = teacher.Address.ToString();
        request.Teacher.ApiKey = suite.Stack.ServingKey;
        request.Teacher.Model = GenerationSuite.Model;

        var submitted = await suite.Stack.Client.SubmitJobAsync(request, cancellationToken: Cancel);
        var job = await Jobs.WaitAsync(suite.Stack.Client, submitted.JobId, TimeSpan.FromMinutes(3));

        Assert.True(job.State == JobState.Failed, $"{job.State}: {job.Error}");
        Assert.Contains("batch 0:0 failed: BatchTimeoutException: the attempt ran past its time limit of 1 s", job.Error);
        Assert.Contains("max_batch_seconds", job.Error);
        // The first attempt and the suite's three retries, each stopped at 1 s and counted once, per leaf and in all.
        Assert.Equal((4, 4), (job.Progress.FailedAttempts, job.Progress.TimedOutAttempts));
        Assert.Equal(4, job.Leaves.Single().Progress.TimedOutAttempts);
        Assert.StartsWith("batch 0:0 (compositional_skills/linguistics/synonyms", job.LastFailure);
        Assert.Contains(") attempt 4: the attempt ran past its time limit of 1 s", job.LastFailure);
        // Stopping the attempt closed its teacher request: none outlived it to reach serving.
        Assert.Equal(0, teacher.Forwarded);
    }
}
