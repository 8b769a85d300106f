using System.Text.Json.Nodes;
using Aspire.Hosting;
using InstructLab.Aspire.Cli.UnitTests;
using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Hub;
using InstructLab.Aspire.TestSupport;
using InstructLab.Aspire.TestSupport.Servers;

namespace InstructLab.Aspire.AppHost.IntegrationTests;

/// <summary>
/// A new user's first hour on the real AppHost with no model setting at all: serving fetches the default teacher and
/// student at first start (from a local server that answers as the Hugging Face hub does, through the AppHost's
/// HF_ENDPOINT), says so on its resource, and then lab chats, generates and starts a LAB cycle without a model flag.
/// </summary>
[Collection(OwnSuites.Collection)]
public sealed class FirstHourTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithNoModelSettingTheFirstStartFetchesTheDefaultsAndLabChatsGeneratesAndStartsACycleWithoutModelFlags()
    {
        // The tiny ChatML model stands in for both defaults: it chats, follows JSON schemas and can be trained.
        var model = await File.ReadAllBytesAsync(SharedFiles.RequireModel("synthetic", "tiny-random-llama-gpt2bpe-chatml.gguf"), Cancel);
        await using var hub = await FakeHub.StartAsync();
        hub.Add(DefaultModels.Teacher.Repository, "qwen2.5-0.5b-instruct-q4_k_m.gguf", model);
        hub.Add(DefaultModels.Teacher.Repository, "qwen2.5-0.5b-instruct-q8_0.gguf", 1000, seed: 3);
        hub.Add(DefaultModels.Student.Repository, "smollm2-135m-instruct-q8_0.gguf", model);
        using var data = new TemporaryDirectory("first-hour");
        var (taxonomy, _, _) = SampleTaxonomy.Build(data.Combine("taxonomy"), SampleTaxonomy.SynonymsLeaf);
        var endpoints = data.Combine("endpoints.json");
        var app = await SuiteHost.BuildAsync(data, endpoints, null,
            "--Serving:DownloadDefaultModels=true",
            $"--HF_ENDPOINT={hub.Endpoint}",
            $"--Taxonomy:AllowedLocalRoots:0={data.Path}");
        try
        {
            await SuiteHost.StartAndWaitHealthyAsync(app, TimeSpan.FromMinutes(4));

            // Serving's resource says where the download stands, until both are there.
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancel))
            {
                deadline.CancelAfter(TimeSpan.FromMinutes(2));
                await app.ResourceNotifications.WaitForResourceAsync(ResourceNames.Serving, e => e.Snapshot.Properties.Any(p =>
                    p.Name == "Default models" && p.Value?.ToString() == "every default model is ready"), deadline.Token);
            }
            var (listed, models) = await LabRun.RunAsync("model", "list", "--json", "--endpoints-file", endpoints);
            Assert.True(listed == 0, models);
            Assert.Equal([DefaultModels.Teacher.Id, DefaultModels.Student.Id],
                JsonNode.Parse(models)!["models"]!.AsArray().Select(m => (string)m!["id"]!).Order(StringComparer.Ordinal));

            // Chat: the downloaded teacher answers.
            var (chatted, answer) = await LabRun.RunAsync("model", "chat", "-q", "Hello", "--max-tokens", "4", "--endpoints-file", endpoints);
            Assert.True(chatted == 0, answer);

            // Generate: no teacher or judge named; the job has the downloaded teacher and completes.
            var (generated, job) = await LabRun.RunAsync("data", "generate", taxonomy, "--base", "empty", "--pipeline", "simple",
                "--samples-per-seed", "1", "--max-rows-per-leaf", "2", "--json", "--endpoints-file", endpoints);
            Assert.True(generated == 0, job);
            var generation = JsonNode.Parse(job)!;
            Assert.Equal(("JOB_STATE_COMPLETED", DefaultModels.Teacher.Id), ((string?)generation["state"], (string?)generation["teacherModel"]));
            Assert.True(long.Parse((string)generation["dataset"]!["skillsLines"]!, System.Globalization.CultureInfo.InvariantCulture) > 0, job);

            // A LAB cycle: no student named; the downloaded one, published as its id with -lab.
            var (started, cycle) = await LabRun.RunAsync("cycle", "run", taxonomy, "--base", "empty", "--pipeline", "simple",
                "--samples-per-seed", "1", "--max-rows-per-leaf", "2", "--detach", "--json", "--endpoints-file", endpoints);
            Assert.True(started == 0, cycle);
            var run = JsonNode.Parse(cycle)!["cycle"]!;
            Assert.Equal(($"{DefaultModels.Student.Id} (model folder)", $"{DefaultModels.Student.Id}-lab"), ((string?)run["student"], (string?)run["outputModelId"]));
            // Not trained here (the cycle tests train a model-folder student): cancelled, it frees the worker.
            var (cancelled, output) = await LabRun.RunAsync("cycle", "cancel", (string)run["id"]!, "--endpoints-file", endpoints);
            Assert.True(cancelled == 0, output);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
