using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Contracts.Training.V1;

namespace InstructLab.Aspire.TrainingJobs.IntegrationTests;

/// <summary>A job from submit to a served model: phases in segments, checkpoints in S3, model card, ModelPublished.</summary>
public sealed class JobTests(TrainingStack stack)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AJobTrainsBothPhasesPublishesItsModelAndServingAnswersWithIt()
    {
        var request = await Jobs.RequestAsync(stack, "student-a", samples: 16, epochs: 2);
        var submitted = await stack.Client.SubmitJobAsync(request, cancellationToken: Cancel);

        Assert.Equal(TrainingJobState.Queued, submitted.State);
        Assert.Equal(["knowledge", "skills"], submitted.Phases.Select(p => p.Phase));
        // A tenth of the last phase's data (2 of 16) is held out to choose the published epoch.
        Assert.Equal([(16, 2, 8L, 0), (14, 2, 8L, 2)], submitted.Phases.Select(p => (p.Samples, p.Epochs, p.TotalSteps, p.HeldOutSamples)));
        Assert.Equal("artifact:" + TrainingStack.StudentKey, submitted.BaseModel);
        // Warnings of the plan name the model as submitted, not a worker's cached copy.
        Assert.Contains(submitted.Notices, n => n.StartsWith("artifact:" + TrainingStack.StudentKey + " has no chat template", StringComparison.Ordinal));
        var steps = new List<(string Phase, long Step)>();
        var job = await Jobs.WaitAsync(stack, submitted.Id, TimeSpan.FromMinutes(3), seen =>
        {
            if (seen.Progress is { } progress)
            {
                steps.Add((progress.Phase, progress.Step));
            }
            return Task.CompletedTask;
        });

        Assert.True(job.State == TrainingJobState.Completed, $"{job.State}: {job.Error}");
        Assert.Contains(steps, s => s.Phase == "knowledge");
        Assert.Equal(("skills", 8L), steps[^1]);
        Assert.Equal(1, job.Version);
        Assert.Equal($"models/student-a/1/model.gguf", job.Model.ArtifactKey);

        // Every epoch end is kept in S3, of the mid-epoch checkpoints only a phase's newest.
        foreach (var phase in new[] { "knowledge", "skills" })
        {
            var kept = job.Checkpoints.Where(c => c.Phase == phase).ToList();
            Assert.Equal([4L, 8L], kept.Where(c => c.EpochEnd).Select(c => c.Step));
            Assert.True(kept.Count(c => !c.EpochEnd) <= 1, string.Join(", ", kept.Select(c => c.Key)));
            foreach (var checkpoint in kept)
            {
                Assert.StartsWith($"training/{Guid.Parse(job.Id):N}/{phase}/step-", checkpoint.Key);
                Assert.True(await stack.Artifacts.ExistsAsync(checkpoint.Key + "state.json", Cancel), checkpoint.Key);
            }
        }

        Assert.Equal([(1, 4L), (2, 8L)], job.EpochScores.Select(e => (e.Epoch, e.Step)));
        Assert.All(job.EpochScores, e => Assert.True(e.HeldOutLoss is > 0 and < 20, $"{e.HeldOutLoss}"));
        var chosen = Assert.Single(job.EpochScores, e => e.Chosen);
        Assert.Equal(job.EpochScores.Min(e => e.HeldOutLoss), chosen.HeldOutLoss);

        var card = JsonNode.Parse(await stack.Artifacts.ReadBytesAsync(job.Model.ModelCardKey, Cancel))!;
        Assert.Equal(chosen.Epoch, (int)card["Selection"]!["ChosenEpoch"]!);
        Assert.Equal(2, (int)card["Selection"]!["HeldOutSamples"]!);
        Assert.Equal("artifact:" + TrainingStack.StudentKey, (string)card["BaseModel"]!);
        var phases = card["Phases"]!.AsArray();
        Assert.Equal([request.Data.Files.KnowledgeKey, request.Data.Files.SkillsKey], phases.Select(p => (string)p!["DataFile"]!));
        Assert.All(phases, p => Assert.Equal(8, (long)p!["Steps"]!));
        Assert.True(await stack.Artifacts.ExistsAsync(job.Model.CurvesKey, Cancel));
        Assert.Contains(Path.GetFileName(job.Model.CurvesKey), System.Text.Encoding.UTF8.GetString(await stack.Artifacts.ReadBytesAsync(job.Model.ReportMarkdownKey, Cancel)));

        // The job's weights are the uninterrupted run's, bit for bit, whatever segments and workers it ran on.
        using var folder = new TestSupport.TemporaryDirectory("training-reference");
        var reference = Jobs.Weights(await Jobs.ReferenceRunAsync(stack, request, folder.Path));
        var trained = Jobs.Weights(await Jobs.DownloadAsync(stack.Artifacts, job.Model.ArtifactKey, folder.Combine("job.gguf")));
        Assert.Equal(reference.Keys.Order(), trained.Keys.Order());
        Assert.All(reference, r => Assert.True(r.Value.AsSpan().SequenceEqual(trained[r.Key]), $"{r.Key} differs"));

        // Serving took the published model without a restart.
        using var http = new HttpClient { BaseAddress = stack.Serving };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", stack.ServingKey);
        // ModelPublished reaches serving on its own queue, in parallel with the job's completion: a bounded wait.
        var served = new List<string>();
        for (var i = 0; i < 300 && !served.Contains("student-a"); i++)
        {
            await Task.Delay(i == 0 ? 0 : 100, Cancel);
            served = [.. (await http.GetFromJsonAsync<JsonNode>("/v1/models", Cancel))!["data"]!.AsArray().Select(m => (string)m!["id"]!)];
        }
        Assert.Contains("student-a", served);
        using var chat = await http.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = "student-a",
            messages = new[] { new { role = "user", content = "What did animal number 3 find?" } },
            max_tokens = 16,
            temperature = 0,
        }, Cancel);
        var answer = await chat.Content.ReadAsStringAsync(Cancel);
        Assert.True(chat.IsSuccessStatusCode, answer);
        Assert.Equal("student-a", (string)JsonNode.Parse(answer)!["model"]!);

        // One trace: the submit call, every segment on whichever worker, the engine's phases, serving taking the model.
        var segments = await stack.Collector.WaitForAsync(spans =>
        {
            var found = spans.Where(s => s.Name == "train segment" && s.Attributes.GetValueOrDefault("training.job_id") == job.Id).ToList();
            return found.Count == job.Attempts ? found : null;
        }, TimeSpan.FromSeconds(30));
        var trace = Assert.Single(segments.Select(s => s.TraceId).Distinct());
        var traced = await stack.Collector.WaitForAsync(spans =>
        {
            var inTrace = spans.Where(s => s.TraceId == trace).ToList();
            return inTrace.Any(s => s.Service == "serving") && inTrace.Any(s => s.Name == "train skills") ? inTrace : null;
        }, TimeSpan.FromSeconds(30));
        Assert.Contains(traced, s => s.Service == "training" && s.Name.EndsWith("TrainingService/SubmitJob", StringComparison.Ordinal));
        Assert.Contains(traced, s => s.Name == "train knowledge");

        // A restarted serving finds the published model in the artifact store, with no setting naming it.
        await stack.StartServingAsync();
        using var again = new HttpClient { BaseAddress = stack.Serving };
        again.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", stack.ServingKey);
        var listed = await again.GetFromJsonAsync<JsonNode>("/v1/models", Cancel);
        Assert.Contains("student-a", listed!["data"]!.AsArray().Select(m => (string)m!["id"]!));
    }

    [Fact]
    public async Task APublishedIdIsABaseModelAndTrainingItAgainPublishesItsNextVersion()
    {
        var first = await Jobs.RequestAsync(stack, "student-iterated", samples: 4, epochs: 1);
        var one = await Jobs.WaitAsync(stack, (await stack.Client.SubmitJobAsync(first, cancellationToken: Cancel)).Id, TimeSpan.FromMinutes(2));
        Assert.True(one.State == TrainingJobState.Completed, $"{one.State}: {one.Error}");

        var second = await Jobs.RequestAsync(stack, "student-iterated", samples: 4, epochs: 1);
        second.BaseModel = "student-iterated";
        var submitted = await stack.Client.SubmitJobAsync(second, cancellationToken: Cancel);
        Assert.Equal(("student-iterated (version 1)", 2), (submitted.BaseModel, submitted.Version));
        var two = await Jobs.WaitAsync(stack, submitted.Id, TimeSpan.FromMinutes(2));

        Assert.True(two.State == TrainingJobState.Completed, $"{two.State}: {two.Error}");
        Assert.Equal("models/student-iterated/2/model.gguf", two.Model.ArtifactKey);
        var card = JsonNode.Parse(await stack.Artifacts.ReadBytesAsync(two.Model.ModelCardKey, Cancel))!;
        Assert.Equal("student-iterated (version 1)", (string)card["BaseModel"]!);
        using var folder = new TestSupport.TemporaryDirectory("training-iterated");
        var v1 = Jobs.Weights(await Jobs.DownloadAsync(stack.Artifacts, one.Model.ArtifactKey, folder.Combine("v1.gguf")));
        var v2 = Jobs.Weights(await Jobs.DownloadAsync(stack.Artifacts, two.Model.ArtifactKey, folder.Combine("v2.gguf")));
        Assert.False(v1["blk.0.attn_q.weight"].AsSpan().SequenceEqual(v2["blk.0.attn_q.weight"]), "version 2 was trained on top of version 1");
    }

    [Fact]
    public async Task CancelStopsTheJobAtAStepBoundaryAndKeepsItsCheckpoints()
    {
        var request = await Jobs.RequestAsync(stack, "student-cancelled", samples: 32, epochs: 50);
        var submitted = await stack.Client.SubmitJobAsync(request, cancellationToken: Cancel);
        TrainingJob? cancelled = null;
        var job = await Jobs.WaitAsync(stack, submitted.Id, TimeSpan.FromMinutes(3), async seen =>
        {
            if (cancelled is null && seen.Checkpoints.Count >= 2)
            {
                cancelled = await stack.Client.CancelJobAsync(new GetTrainingJobRequest { JobId = submitted.Id }, cancellationToken: Cancel);
            }
        });

        Assert.NotNull(cancelled);
        Assert.Equal(TrainingJobState.Cancelled, job.State);
        Assert.Equal(TrainingJobState.Cancelled, cancelled.State);
        // CancelJob answered once the worker had let go: nothing changes after it.
        Assert.Equal(cancelled, await stack.Client.GetJobAsync(new GetTrainingJobRequest { JobId = submitted.Id }, cancellationToken: Cancel));
        job = cancelled;
        Assert.Equal("", job.Error);
        Assert.Null(job.Model);
        // It stopped where it checkpointed: the newest checkpoint is the last step taken, and it is stored.
        var newest = job.Checkpoints.MaxBy(c => (c.Phase == "skills" ? 1 : 0, c.Step))!;
        Assert.Equal((job.Progress.Phase, job.Progress.Step), (newest.Phase, newest.Step));
        Assert.True(job.Progress.Step < job.Progress.TotalSteps, "the job ran to its end before the cancel");
        Assert.True(await stack.Artifacts.ExistsAsync(newest.Key + "model.bin", Cancel));
        Assert.False(await stack.Artifacts.ExistsAsync("models/student-cancelled/1/model.gguf", Cancel));
    }
}
