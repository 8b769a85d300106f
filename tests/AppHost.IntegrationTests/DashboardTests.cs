using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Grpc.Net.Client;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Contracts.Generation.V1;
using InstructLab.Aspire.Contracts.Training.V1;
using InstructLab.Aspire.Hub;
using InstructLab.Aspire.TestSupport;
using InstructLab.Aspire.TestSupport.Servers;
using Microsoft.Playwright;

namespace InstructLab.Aspire.AppHost.IntegrationTests;

/// <summary>
/// The real dashboard in a real browser (Debian's chromium, driven by Playwright): log in with the browser token, run
/// "Start a LAB cycle…" on training, fill its inputs, and read the cycle's id in the notification; then a training job's
/// report link in training's console logs, clicked, opens the report with its loss curves. The suite has no model
/// setting: its model folder holds the default teacher and student as a download leaves them (a tiny model under
/// their ids), and serving also has a configured model that it lists first.
/// </summary>
[Collection(OwnSuites.Collection)]
public sealed class DashboardTests(ITestOutputHelper output)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ALabCycleStartsFromTheDashboardAndAJobsReportOpensFromTheTrainingResource()
    {
        var chromium = Chromium.RequirePath();
        var student = SharedFiles.RequireModel("stories260K.gguf");
        using var data = new TemporaryDirectory("dashboard");
        var (taxonomy, _, _) = SampleTaxonomy.Build(data.Combine("user"), SampleTaxonomy.SynonymsLeaf);
        var (port, token) = (FreePort.Next(), Guid.NewGuid().ToString("N"));
        var dashboard = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
            ["AppHost:BrowserToken"] = token,
        };
        var app = await SuiteHost.BuildAsync(data, data.Combine("endpoints.json"), null, dashboard,
            $"--Taxonomy:AllowedLocalRoots:0={data.Path}",
            $"--Training:AllowedLocalRoots:0={Path.GetDirectoryName(student)}",
            // Listed before the downloaded teacher: the default is the downloaded one all the same.
            $"--Serving:Models:a-configured:Path={student}");
        Directory.CreateDirectory(data.Combine("models"));
        foreach (var model in DefaultModels.All)
        {
            File.Copy(student, data.Combine("models", model.FileName));
        }
        try
        {
            await SuiteHost.StartAndWaitHealthyAsync(app, TimeSpan.FromMinutes(4));
            // The testing builder moves every port, the dashboard's too: its endpoint says where it is now.
            var login = new Uri(app.GetEndpoint("aspire-dashboard", "http"), $"/login?t={token}").ToString();
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox"] });
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1600, Height = 1000 } });
            try
            {
                await page.GotoAsync(login);
                var row = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByText(ResourceNames.Training, new() { Exact = true }) });
                await row.First.WaitForAsync(new() { Timeout = 60_000 });
                // Highlighted in the row's actions, named by its description.
                await row.First.GetByRole(AriaRole.Button, new() { Name = "Start a LAB cycle" }).ClickAsync();

                // The inputs dialog: Fluent text inputs (their <input> in the shadow DOM, which CSS locators pierce), in the
                // command's order, and a submit button named as the command.
                var dialog = page.Locator("#interactions-input-dialog");
                var inputs = dialog.Locator("fluent-text-input input");
                // Student and output id left empty: the downloaded student, published as its id with -lab.
                await inputs.Nth(0).FillAsync(taxonomy);
                await inputs.Nth(1).FillAsync("empty");
                Assert.Equal(["Taxonomy*", "Base", "Student", "Output model id"], await dialog.Locator("label.interaction-input-label").AllInnerTextsAsync());
                await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "dashboard-start-cycle-inputs.png") });
                await dialog.Locator("fluent-button.aspire-button", new() { HasText = "Start a LAB cycle…" }).ClickAsync();

                // The result, as the notification center keeps it (the toast may be gone by then).
                await page.GetByRole(AriaRole.Button, new() { Name = "Notifications", Exact = true }).ClickAsync();
                var notice = page.GetByText(new Regex(@"Cycle [0-9a-f-]{36} started"));
                await notice.First.WaitForAsync(new() { Timeout = 60_000 });
                await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "dashboard-start-cycle-started.png") });
                var id = Regex.Match(await notice.First.InnerTextAsync(), "Cycle ([0-9a-f-]{36}) started").Groups[1].Value;

                using var channel = await SuiteHost.ChannelAsync(app, ResourceNames.Training);
                var cycles = new CycleService.CycleServiceClient(channel);
                var cycle = await cycles.GetAsync(new GetCycleRequest { Id = id }, cancellationToken: Cancel);
                Assert.Equal((taxonomy, $"{DefaultModels.Student.Id}-lab", $"{DefaultModels.Student.Id} (model folder)"), (cycle.Taxonomy, cycle.OutputModelId, cycle.Student));
                // Not run to its end here (the cycle tests do): its training would hold the worker the next job needs.
                await cycles.CancelAsync(new GetCycleRequest { Id = id }, cancellationToken: Cancel);

                // "Generate data…" on the generation resource: the job starts, and the notification names it.
                await page.GotoAsync(new Uri(app.GetEndpoint("aspire-dashboard", "http"), "/").ToString());
                var generationRow = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByText(ResourceNames.Generation, new() { Exact = true }) });
                await generationRow.First.GetByRole(AriaRole.Button, new() { Name = "Generate data" }).ClickAsync();
                var generateInputs = dialog.Locator("fluent-text-input input");
                await generateInputs.Nth(0).FillAsync(taxonomy);
                await generateInputs.Nth(1).FillAsync("empty");
                await generateInputs.Nth(2).FillAsync("simple");
                Assert.Equal(["Taxonomy*", "Base", "Pipeline"], await dialog.Locator("label.interaction-input-label").AllInnerTextsAsync());
                await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "dashboard-generate-inputs.png") });
                await dialog.Locator("fluent-button.aspire-button", new() { HasText = "Generate data…" }).ClickAsync();
                await page.GetByRole(AriaRole.Button, new() { Name = "Notifications", Exact = true }).ClickAsync();
                var generated = page.GetByText(new Regex(@"Generation job [0-9a-f-]{36} started for 1 leaf"));
                await generated.First.WaitForAsync(new() { Timeout = 60_000 });
                await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "dashboard-generate-started.png") });
                var jobId = Regex.Match(await generated.First.InnerTextAsync(), "Generation job ([0-9a-f-]{36}) started").Groups[1].Value;
                using var generationChannel = await SuiteHost.ChannelAsync(app, ResourceNames.Generation);
                var generation = new GenerationService.GenerationServiceClient(generationChannel);
                var generationJob = await generation.GetJobAsync(new GetJobRequest { JobId = jobId }, cancellationToken: Cancel);
                Assert.Equal(("from the dashboard: taxonomy", "compositional_skills/linguistics/synonyms"), (generationJob.Name, generationJob.Leaves.Single().Leaf));
                // Neither job named a teacher: both have the downloaded one, though serving lists a-configured first.
                var cycleJob = await generation.GetJobAsync(new GetJobRequest { JobId = cycle.GenerationJobId }, cancellationToken: Cancel);
                Assert.Equal((DefaultModels.Teacher.Id, DefaultModels.Teacher.Id), (generationJob.TeacherModel, cycleJob.TeacherModel));
                await generation.CancelJobAsync(new CancelJobRequest { JobId = jobId }, cancellationToken: Cancel);

                // "Publish model…" on the serving resource: a GGUF of this machine, served under an id at once.
                await page.GotoAsync(new Uri(app.GetEndpoint("aspire-dashboard", "http"), "/").ToString());
                var servingRow = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByText(ResourceNames.Serving, new() { Exact = true }) });
                await servingRow.First.GetByRole(AriaRole.Button, new() { Name = "Publish model" }).ClickAsync();
                var publishInputs = dialog.Locator("fluent-text-input input");
                await publishInputs.Nth(0).FillAsync(student);
                await publishInputs.Nth(1).FillAsync("dashboard-published");
                Assert.Equal(["GGUF file*", "Model id*"], await dialog.Locator("label.interaction-input-label").AllInnerTextsAsync());
                await dialog.Locator("fluent-button.aspire-button", new() { HasText = "Publish model…" }).ClickAsync();
                await page.GetByRole(AriaRole.Button, new() { Name = "Notifications", Exact = true }).ClickAsync();
                await page.GetByText("Published dashboard-published version 1").First.WaitForAsync(new() { Timeout = 60_000 });
                await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "dashboard-publish-model.png") });
                using var servingHttp = new HttpClient { BaseAddress = app.GetEndpoint(ResourceNames.Serving, "http") };
                servingHttp.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await SuiteHost.ParameterAsync(app, "serving-api-key"));
                var listed = false;
                for (var i = 0; i < 100 && !listed; i++, await Task.Delay(100, Cancel))
                {
                    listed = (await servingHttp.GetStringAsync("/v1/models", Cancel)).Contains("\"dashboard-published\"", StringComparison.Ordinal);
                }
                Assert.True(listed, "serving does not list the model published from the dashboard");

                // A training job's report, listed among training's URLs: the resource's details link it.
                var job = await TrainAsync(app, new TrainingService.TrainingServiceClient(channel), student);
                await page.GotoAsync(new Uri(app.GetEndpoint("aspire-dashboard", "http"), "/").ToString());
                await row.First.GetByText(ResourceNames.Training, new() { Exact = true }).ClickAsync();
                var link = page.GetByRole(AriaRole.Link, new() { Name = "Report: dashboard-report v1", Exact = true });
                await link.First.WaitForAsync(new() { Timeout = 60_000 });
                Assert.Contains($"/jobs/{Guid.Parse(job.Id):N}/report?expires=", await link.First.GetAttributeAsync("href"));
                await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "dashboard-report-link.png") });
                var report = await page.Context.RunAndWaitForPageAsync(() => link.First.ClickAsync());
                await report.WaitForLoadStateAsync(LoadState.Load);
                Assert.Equal("dashboard-report: training report", await report.Locator("h1").InnerTextAsync());
                Assert.True(await report.Locator("img").EvaluateAsync<int>("i => i.naturalWidth") > 0, "the loss curves did not load");
                await report.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "dashboard-training-report.png"), FullPage = true });
            }
            catch
            {
                await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "dashboard-failure.png"), FullPage = true });
                await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "dashboard-failure.html"), await page.ContentAsync(), Cancel);
                output.WriteLine($"page at {page.Url}; screenshot and HTML in {Path.GetTempPath()}dashboard-failure.*");
                throw;
            }
        }
        finally
        {
            await app.StopAsync(Cancel);
            await app.DisposeAsync();
        }
    }

    /// <summary>A knowledge-only job of one epoch on a few lines (seconds on stories260K), to its end.</summary>
    private static async Task<TrainingJob> TrainAsync(DistributedApplication app, TrainingService.TrainingServiceClient training, string student)
    {
        var lines = Enumerable.Range(0, 8).Select(i => JsonSerializer.Serialize(new
        {
            messages = new[] { new { role = "user", content = $"What did fox {i} find?" }, new { role = "assistant", content = $"Fox {i} found a red ball." } },
        }));
        var options = new ArtifactStoreOptions();
        options.ApplyConnectionString((await app.GetConnectionStringAsync(ResourceNames.Artifacts, Cancel))!, "test");
        using (var store = new MinioArtifactStore(options))
        {
            await store.PutBytesAsync("data/dashboard/knowledge_train_msgs.jsonl", Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"), cancellationToken: Cancel);
        }
        var submitted = await training.SubmitJobAsync(new SubmitTrainingJobRequest
        {
            BaseModel = student,
            OutputModelId = "dashboard-report",
            Strategy = "knowledge-only",
            Data = new TrainingData { Files = new DatasetFiles { KnowledgeKey = "data/dashboard/knowledge_train_msgs.jsonl" } },
            Knowledge = new PhaseOptions { Epochs = 1, EffectiveBatchSize = 4, LearningRate = 1e-3 },
            MaxSequenceLength = 256,
        }, cancellationToken: Cancel);
        for (var i = 0; i < 600; i++)
        {
            var job = await training.GetJobAsync(new GetTrainingJobRequest { JobId = submitted.Id }, cancellationToken: Cancel);
            if (job.State is TrainingJobState.Completed or TrainingJobState.Failed or TrainingJobState.Cancelled)
            {
                Assert.True(job.State == TrainingJobState.Completed, $"{job.State}: {job.Error}");
                return job;
            }
            await Task.Delay(200, Cancel);
        }
        throw new TimeoutException($"training job {submitted.Id} did not end within 2 minutes");
    }
}
