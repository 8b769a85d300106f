using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grpc.Core;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Cli.UnitTests;
using InstructLab.Aspire.Contracts.Generation.V1;
using InstructLab.Aspire.Contracts.Training.V1;
using InstructLab.Aspire.Hub;
using InstructLab.Aspire.TestSupport;
using static InstructLab.Aspire.Cycles.IntegrationTests.Cycles;

namespace InstructLab.Aspire.Cycles.IntegrationTests;

/// <summary>
/// The LAB cycle end to end on a git taxonomy made from the shared sample: a knowledge leaf with its documents and a
/// skill leaf, then a second cycle with one more leaf. The tiny random teacher cannot write data worth learning: these
/// tests prove the mechanics (stages, publishing, serving, report, replay, trace); the learning benchmark proves learning.
/// </summary>
[Collection(CycleSuite.Collection)]
public sealed class CycleTests(CycleSuite suite)
{
    private const string Synonyms = "compositional_skills/linguistics/synonyms";
    private const string Chickadee = "knowledge/science/animals/birds/black_capped_chickadee";
    private const string Inclusion = "compositional_skills/grounded/linguistics/inclusion";

    [Fact]
    public async Task TwoCyclesTeachTheirLeavesPublishServeReportAndReplayTheFirstCyclesData()
    {
        var folder = suite.Stack.Workspace.Combine($"cycles-{Guid.NewGuid():N}");
        var (taxonomy, _, _) = SampleTaxonomy.Build(folder, SampleTaxonomy.ChickadeeLeaf, SampleTaxonomy.SynonymsLeaf);
        var repository = GitRepository.Init(taxonomy);
        var firstCommit = repository.Commit("chickadee and synonyms");

        // Cycle 1: every leaf, from the suite's student (the model folder's); two skills epochs, each a candidate scored by MT-Bench-branch.
        var firstRequest = Request(taxonomy, "empty", "cycle-student");
        firstRequest.Skills = new PhaseOptions { Epochs = 2 };
        var started = await suite.Cycles.RunAsync(firstRequest, cancellationToken: Cancel);
        Assert.Equal((CycleState.Generating, CycleSuite.FolderStudent, ""), (started.State, started.Student, started.ReplayDataset));
        var first = await WaitAsync(suite.Cycles, started.Id, TimeSpan.FromMinutes(8));

        Assert.True(first.State == CycleState.Completed, $"cycle 1 ended {first.State}: {first.Error}");
        Assert.Equal(1, first.ModelVersion);
        Assert.Equal(["generate", "train", "evaluate", "report"], first.Stages.Select(s => s.Stage));
        Assert.All(first.Stages, s => Assert.NotNull(s.EndedAt));
        var training = await suite.Training.GetJobAsync(new GetTrainingJobRequest { JobId = first.TrainingJobId }, cancellationToken: Cancel);
        Assert.Equal((TrainingJobState.Completed, "models/cycle-student/1/model.gguf"), (training.State, training.Model.ArtifactKey));
        var generation = await suite.Stack.Client.GetJobAsync(new GetJobRequest { JobId = first.GenerationJobId }, cancellationToken: Cancel);

        // The report: each changed leaf, the skill leaf judged against the base model by MT-Bench-branch.
        var report = JsonNode.Parse((await suite.Cycles.GetReportAsync(new GetCycleRequest { Id = first.Id }, cancellationToken: Cancel)).Json)!;
        var leaves = report["leaves"]!.AsArray().ToDictionary(l => Folder((string)l!["leaf"]!), l => l!);
        Assert.Equal([Synonyms, Chickadee], leaves.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("mt_bench_branch", (string?)leaves[Synonyms]["benchmark"]);
        Assert.NotNull(leaves[Synonyms]["modelScore"]);
        Assert.NotNull(leaves[Synonyms]["baseScore"]);
        // A leaf the base ref does not have is "new" to MT-Bench-branch: both models are still asked.
        Assert.Equal("new", (string?)leaves[Synonyms]["verdict"]);
        Assert.Equal(generation.Dataset.MmluBranchLines > 0 ? "mmlu_branch" : null, (string?)leaves[Chickadee]["benchmark"]);
        Assert.Equal((generation.Dataset.KnowledgeLines, generation.Dataset.SkillsLines, 0L),
            ((long)report["data"]!["knowledgeLines"]!, (long)report["data"]!["skillsLines"]!, (long)report["data"]!["replayLines"]!));
        Assert.Equal(first.EvaluationIds.Count, report["evaluations"]!.AsArray().Count);
        // Each skills epoch's checkpoint was scored through the evaluation service (MT-Bench-branch on the skill leaf,
        // MMLU-branch on the knowledge leaf's questions when generation wrote some); the best rating was published.
        var benchmarks = generation.Dataset.MmluBranchLines > 0 ? 2 : 1;
        Assert.Equal(2 * benchmarks, training.EvaluationIds.Count);
        Assert.Equal([1, 2], training.EpochScores.Select(s => s.Epoch));
        Assert.All(training.EpochScores, s => Assert.True(s.HasMtBenchBranch, $"epoch {s.Epoch} has no MT-Bench-branch rating"));
        var published = Assert.Single(training.EpochScores, s => s.Chosen);
        Assert.Equal(training.EpochScores.Max(s => s.MtBenchBranch), published.MtBenchBranch);
        var checkpoints = report["checkpoints"]!;
        Assert.Equal(("skills", published.Epoch), ((string)checkpoints["phase"]!, (int)checkpoints["chosenEpoch"]!));
        Assert.StartsWith("the highest MT-Bench-branch rating (judge ", (string)checkpoints["metric"]!);
        Assert.Equal(training.EpochScores.Select(s => s.MtBenchBranch), checkpoints["candidates"]!.AsArray().Select(k => (double)k!["mtBenchBranch"]!));
        // The dashboard charts them: training.checkpoint_score per epoch, tagged with the job and the benchmark.
        var charted = await suite.Stack.Collector.WaitForGaugeAsync("training.checkpoint_score",
            points => points.Count(p => p.Attributes.GetValueOrDefault("training.run") == first.TrainingJobId
                && p.Attributes.GetValueOrDefault("evaluation.benchmark") == "mt_bench_branch") >= 2, TimeSpan.FromSeconds(30));
        Assert.Equal(training.EpochScores.Select(s => (s.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture), s.MtBenchBranch)),
            charted.Where(p => p.Attributes.GetValueOrDefault("training.run") == first.TrainingJobId && p.Attributes["evaluation.benchmark"] == "mt_bench_branch")
                .DistinctBy(p => p.Attributes["training.epoch"]).OrderBy(p => p.Attributes["training.epoch"], StringComparer.Ordinal)
                .Select(p => (p.Attributes["training.epoch"], p.Value)));

        // The model card (the engine's, PascalCase) names the data, the phases and where the model comes from.
        var card = JsonNode.Parse(await suite.Stack.Artifacts.ReadBytesAsync("models/cycle-student/1/model.model-card.json", Cancel))!;
        Assert.Equal([generation.Dataset.KnowledgeKey, generation.Dataset.SkillsKey], card["Phases"]!.AsArray().Select(p => (string)p!["DataFile"]!));
        Assert.Contains(first.Id, (string)card["Lineage"]!["cycle"]!);
        Assert.Equal((int)checkpoints["chosenEpoch"]!, (int)card["Selection"]!["ChosenEpoch"]!);
        Assert.Equal(published.MtBenchBranch, (double)card["Selection"]!["Candidates"]![published.Epoch - 1]!["MtBenchBranch"]!);
        Assert.StartsWith("none", (string)card["Lineage"]!["replay"]!);

        // Serving answers with the published model, without a restart.
        using var http = new HttpClient { BaseAddress = suite.Stack.Serving };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", suite.Stack.ServingKey);
        var served = (await http.GetFromJsonAsync<JsonNode>("/v1/models", Cancel))!["data"]!.AsArray().Select(m => (string)m!["id"]!);
        Assert.Contains("cycle-student", served);
        using var chat = await http.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = "cycle-student",
            messages = new[] { new { role = "user", content = "What is a synonym of happy?" } },
            max_tokens = 8,
        }, Cancel);
        Assert.True(chat.IsSuccessStatusCode, await chat.Content.ReadAsStringAsync(Cancel));

        // One trace spans the cycle across all five services.
        var run = await suite.Stack.Collector.WaitForAsync(spans => spans.FirstOrDefault(s => s.Name.EndsWith("CycleService/Run", StringComparison.Ordinal)
            && s.Service == "training" && s.Attributes.GetValueOrDefault("cycle.id") == first.Id), TimeSpan.FromSeconds(30));
        var services = await suite.Stack.Collector.WaitForAsync(spans =>
        {
            var inTrace = spans.Where(s => s.TraceId == run.TraceId).Select(s => s.Service).Distinct().ToList();
            return inTrace.Count == 5 ? inTrace : null;
        }, TimeSpan.FromSeconds(30));
        Assert.Equal(["generation", "judging", "serving", "taxonomy", "training"], services.Order(StringComparer.Ordinal));
        // Redis commands the cycle caused are in its trace (only keep-alives and commands outside any trace are left out).
        var redis = await suite.Stack.Collector.WaitForAsync(spans =>
        {
            var commands = spans.Where(s => s.TraceId == run.TraceId && "redis" == (s.Attributes.GetValueOrDefault("db.system") ?? s.Attributes.GetValueOrDefault("db.system.name"))).ToList();
            return commands.Select(c => c.Service).Distinct().Count() >= 2 ? commands : null;
        }, TimeSpan.FromSeconds(30));
        Assert.Contains(redis, s => s.Service == "training");
        Assert.DoesNotContain(redis, s => s.Name.Contains("PING", StringComparison.Ordinal));

        // lab cycle show prints the stages and the per-leaf report.
        var (code, output) = await LabRun.RunAsync("cycle", "show", first.Id, "--endpoint", $"training={suite.Stack.TrainingUrl}");
        Assert.True(code == 0, output);
        Assert.Contains("cycle-student version 1", output);
        Assert.Contains("MT-Bench", output);

        // Cycle 2: one more leaf; it trains the published version and replays cycle 1's phase-2 data.
        SampleTaxonomy.Build(folder, SampleTaxonomy.InclusionLeaf);
        repository.Commit("inclusion");
        var second = await WaitAsync(suite.Cycles,
            (await suite.Cycles.RunAsync(Request(taxonomy, firstCommit, "cycle-student"), cancellationToken: Cancel)).Id, TimeSpan.FromMinutes(8));

        Assert.True(second.State == CycleState.Completed, $"cycle 2 ended {second.State}: {second.Error}");
        Assert.Equal(("cycle-student (version 1)", 2, generation.Dataset.SkillsKey), (second.Student, second.ModelVersion, second.ReplayDataset));
        var secondGeneration = await suite.Stack.Client.GetJobAsync(new GetJobRequest { JobId = second.GenerationJobId }, cancellationToken: Cancel);
        Assert.Equal([Inclusion], secondGeneration.Leaves.Select(l => Folder(l.Leaf)));
        var dataCard = JsonNode.Parse(await suite.Stack.Artifacts.ReadBytesAsync(secondGeneration.Dataset.DataCardKey, Cancel))!;
        var replayed = (long)dataCard["replay_lines"]!;
        Assert.True(replayed > 0, "cycle 2's data holds no replayed line");
        var replayIds = (await LinesAsync(suite.Stack.Artifacts, secondGeneration.Dataset.SkillsKey)).Count(l => ((string?)l["id"])?.StartsWith("replay/", StringComparison.Ordinal) == true);
        Assert.Equal(replayed, replayIds);
        var secondReport = JsonNode.Parse((await suite.Cycles.GetReportAsync(new GetCycleRequest { Id = second.Id }, cancellationToken: Cancel)).Json)!;
        Assert.Equal(replayed, (long)secondReport["data"]!["replayLines"]!);
        var secondCard = JsonNode.Parse(await suite.Stack.Artifacts.ReadBytesAsync("models/cycle-student/2/model.model-card.json", Cancel))!;
        Assert.Equal("cycle-student (version 1)", (string)secondCard["Lineage"]!["trained from"]!);
        Assert.StartsWith($"{replayed} phase-2 lines replayed from {generation.Dataset.SkillsKey}", (string)secondCard["Lineage"]!["replay"]!);
        Assert.Equal("cycle-student (version 1)", (string)secondCard["BaseModel"]!);
        // Chaining (Training:AutoTrain) is on, but a cycle's data is trained by its cycle only.
        var jobs = await suite.Training.ListJobsAsync(new ListTrainingJobsRequest { Limit = 100 }, cancellationToken: Cancel);
        Assert.DoesNotContain(jobs.Jobs, j => j.OutputModelId == CycleSuite.AutoTrainedId);
        Assert.Equal(2, jobs.Jobs.Count(j => j.OutputModelId == "cycle-student"));
    }

    [Fact]
    public async Task ACancelledCycleCancelsItsRunningJobAndEndsCancelled()
    {
        var (taxonomy, _, _) = SampleTaxonomy.Build(suite.Stack.Workspace.Combine($"cancel-{Guid.NewGuid():N}"), SampleTaxonomy.SynonymsLeaf);
        // No output id: the suite's student (the model folder's) is published as its id with -lab.
        var request = Request(taxonomy, "empty", "");
        request.MaxRowsPerLeaf = 0;
        request.SamplesPerSeed = 8;
        var started = await suite.Cycles.RunAsync(request, cancellationToken: Cancel);
        Assert.Equal((CycleSuite.FolderStudent, $"{DefaultModels.Student.Id}-lab"), (started.Student, started.OutputModelId));

        var cancelled = await suite.Cycles.CancelAsync(new GetCycleRequest { Id = started.Id }, cancellationToken: Cancel);

        Assert.Equal(CycleState.Cancelled, cancelled.State);
        Job job;
        var waited = 0;
        do
        {
            await Task.Delay(200, Cancel);
            job = await suite.Stack.Client.GetJobAsync(new GetJobRequest { JobId = started.GenerationJobId }, cancellationToken: Cancel);
        }
        while (job.State is JobState.Running or JobState.Mixing && ++waited < 150);
        Assert.Equal(JobState.Cancelled, job.State);
        // A repeated Run with the same request id answers the same cycle instead of starting another.
        request.RequestId = started.Id;
        Assert.Equal((started.Id, CycleState.Cancelled), ((await suite.Cycles.RunAsync(request, cancellationToken: Cancel)).Id, CycleState.Cancelled));
    }

    [Fact]
    public async Task ACycleWhoseTrainingServiceIsKilledMidTrainingCompletesAfterItsRestart()
    {
        var folder = suite.Stack.Workspace.Combine($"crash-{Guid.NewGuid():N}");
        var (taxonomy, _, _) = SampleTaxonomy.Build(folder, SampleTaxonomy.SynonymsLeaf);
        var request = Request(taxonomy, "empty", "crash-student");
        request.Skills = new PhaseOptions { Epochs = 20 };
        var started = await suite.Cycles.RunAsync(request, cancellationToken: Cancel);
        Cycle seen;
        var waited = 0;
        do
        {
            await Task.Delay(100, Cancel);
            seen = await suite.Cycles.GetAsync(new GetCycleRequest { Id = started.Id }, cancellationToken: Cancel);
        }
        while (seen.State == CycleState.Generating && ++waited < 1200);
        Assert.Equal(CycleState.Training, seen.State);

        // SIGKILL while the cycle trains: its state, its training job and the jobs' ends wait in Redis and RabbitMQ.
        await suite.RestartTrainingAsync();
        var done = await WaitAsync(suite.Cycles, started.Id, TimeSpan.FromMinutes(6));

        Assert.True(done.State == CycleState.Completed, $"the cycle ended {done.State}: {done.Error}");
        Assert.Equal(1, done.ModelVersion);
        Assert.Equal(["generate", "train", "evaluate", "report"], done.Stages.Select(s => s.Stage));
        var training = await suite.Training.GetJobAsync(new GetTrainingJobRequest { JobId = done.TrainingJobId }, cancellationToken: Cancel);
        Assert.Equal(TrainingJobState.Completed, training.State);
        // Exactly one training job: a stage's work item delivered again after the crash found the one it had started.
        var jobs = await suite.Training.ListJobsAsync(new ListTrainingJobsRequest { Limit = 100 }, cancellationToken: Cancel);
        Assert.Single(jobs.Jobs, j => j.OutputModelId == "crash-student");
    }

    [Fact]
    public async Task BadRequestsAreRefusedNamingTheField()
    {
        var (taxonomy, _, _) = SampleTaxonomy.Build(suite.Stack.Workspace.Combine($"bad-{Guid.NewGuid():N}"), SampleTaxonomy.SynonymsLeaf);

        var missing = Request(taxonomy, "empty", "never-published");
        missing.Student = "artifact:students/missing.gguf";
        var noStudent = await Assert.ThrowsAsync<RpcException>(() => suite.Cycles.RunAsync(missing, cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, noStudent.StatusCode);
        Assert.Contains("student: the artifact store has no 'students/missing.gguf'", noStudent.Status.Detail);

        var absent = Request(taxonomy, "empty", "never-published");
        absent.Student = "never-downloaded";
        var noModel = await Assert.ThrowsAsync<RpcException>(() => suite.Cycles.RunAsync(absent, cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, noModel.StatusCode);
        Assert.Contains("student: no model 'never-downloaded' has been published in this suite and ", noModel.Status.Detail);
        Assert.Contains("has no never-downloaded.gguf (lab model publish FILE --id ID publishes one", noModel.Status.Detail);

        var badId = await Assert.ThrowsAsync<RpcException>(() => suite.Cycles.RunAsync(Request(taxonomy, "empty", "no spaces/please"), cancellationToken: Cancel).ResponseAsync);
        Assert.Contains("output_model_id", badId.Status.Detail);

        var outside = await Assert.ThrowsAsync<RpcException>(() => suite.Cycles.RunAsync(Request("/etc", "empty", "outside"), cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, outside.StatusCode);
        Assert.Contains("/etc", outside.Status.Detail);

        var noCycle = await Assert.ThrowsAsync<RpcException>(() => suite.Cycles.GetReportAsync(new GetCycleRequest { Id = Guid.NewGuid().ToString() }, cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, noCycle.StatusCode);
    }

    /// <summary>A leaf as generation names it (its qna.yaml) or as evaluations do (its folder): the folder.</summary>
    private static string Folder(string leaf) => leaf.EndsWith("/qna.yaml", StringComparison.Ordinal) ? leaf[..^"/qna.yaml".Length] : leaf;

    private static async Task<List<JsonNode>> LinesAsync(IArtifactStore store, string key) =>
        [.. System.Text.Encoding.UTF8.GetString(await store.ReadBytesAsync(key, Cancel)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!)];
}
