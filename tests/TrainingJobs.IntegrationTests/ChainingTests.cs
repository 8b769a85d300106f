using System.Text;
using System.Text.Json;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Contracts.Messages.Generation;
using InstructLab.Aspire.Contracts.Messages.Training;
using InstructLab.Aspire.Hosting.Sagas;
using InstructLab.Aspire.Training.Api.Chaining;
using InstructLab.Aspire.Training.Api.Jobs;
using InstructLab.Aspire.Training.Api.StateMachines;
using InstructLab.Aspire.Contracts.Training.V1;
using MassTransit;
using StackExchange.Redis;

namespace InstructLab.Aspire.TrainingJobs.IntegrationTests;

/// <summary>DatasetReady starts a training job of the configured student, once however often it is delivered.</summary>
public sealed class ChainingTests(TrainingStack stack)
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ADatasetReadyDeliveredTwiceStartsOneTrainingJobAndTheNextDatasetTrainsOnItsModel()
    {
        var first = await TrainAsync(deliveries: 2);
        Assert.Equal("artifact:" + TrainingStack.StudentKey, first.BaseModel);

        var second = await TrainAsync(deliveries: 1);
        Assert.Equal($"{TrainingStack.AutoTrainedId} (version {first.Version})", second.BaseModel);
        Assert.Equal(first.Version + 1, second.Version);
    }

    [Fact]
    public async Task AJobStoredButNeverAnnouncedStartsWhenItsDatasetReadyIsDeliveredAgain()
    {
        // A real job's plan and submit message, copied to the id DatasetReady of a new generation job derives: as a
        // service leaves a job that it stopped between storing and publishing (the index has it, no state machine does).
        var source = await stack.Client.SubmitJobAsync(await Jobs.RequestAsync(stack, "orphan-source", samples: 8, epochs: 1), cancellationToken: Cancel);
        Assert.Equal(TrainingJobState.Completed, (await Jobs.WaitAsync(stack, source.Id, TimeSpan.FromMinutes(2))).State);
        var generationJob = Guid.NewGuid();
        var (from, to) = (Guid.Parse(source.Id), DatasetReadyConsumer.JobIdFor(generationJob));
        string Moved(string json) => json.Replace(from.ToString("N"), to.ToString("N"), StringComparison.Ordinal)
            .Replace(from.ToString(), to.ToString(), StringComparison.Ordinal).Replace("orphan-source", "orphan-student", StringComparison.Ordinal);
        await stack.Artifacts.PutBytesAsync(TrainingKeys.Plan(to), Encoding.UTF8.GetBytes(Moved(Encoding.UTF8.GetString(await stack.Artifacts.ReadBytesAsync(TrainingKeys.Plan(from), Cancel)))),
            cancellationToken: Cancel);
        var redis = await ConnectionMultiplexer.ConnectAsync(stack.Redis.ConnectionString);
        var index = new TrainingIndex(redis, new RedisSagaStore<TrainingJobSaga>(redis, TrainingKeys.StateKeyPrefix));
        // The index keeps each job's submit message as JSON (TrainingIndex.SubmittedKey).
        var stored = await redis.GetDatabase().StringGetAsync($"training:job-submitted:{from:N}");
        var submitted = JsonSerializer.Deserialize<TrainingJobSubmitted>(Moved(stored.ToString()), Web)!;
        await index.AddAsync(submitted);
        Assert.Null(await index.UnstartedAsync(from));
        Assert.Equal(to, (await index.UnstartedAsync(to))?.JobId);
        // Nothing to wait for: the test shows that nothing happens (a started job turns Running within a segment, 2 s).
        await Task.Delay(TimeSpan.FromSeconds(2), Cancel);
        var stuck = await stack.Client.GetJobAsync(new GetTrainingJobRequest { JobId = to.ToString() }, cancellationToken: Cancel);
        Assert.Equal((TrainingJobState.Queued, 0), (stuck.State, stuck.Attempts));

        // The event again: the job exists, so no second job, and its submit message goes out again.
        await PublishAsync(new DatasetReady { JobId = generationJob, Name = "orphan", CompletedAt = DateTimeOffset.UtcNow, Dataset = new DatasetKeys
        {
            KnowledgeKey = "", SkillsKey = "", DataCardKey = "", DataCardMarkdownKey = "", LeafKeys = [], KnowledgeLines = 8, SkillsLines = 8,
        } }, deliveries: 1);
        var job = await Jobs.WaitAsync(stack, to.ToString(), TimeSpan.FromMinutes(2));
        Assert.True(job.State == TrainingJobState.Completed, $"{job.State}: {job.Error}");
        Assert.Equal("models/orphan-student/1/model.gguf", job.Model.ArtifactKey);
        redis.Dispose();
    }

    /// <summary>Publishes a DatasetReady for a new generation job (that many times) and waits for the one training job it starts.</summary>
    private async Task<TrainingJob> TrainAsync(int deliveries)
    {
        var name = $"chained-{Guid.NewGuid():N}";
        var ready = new DatasetReady
        {
            JobId = Guid.NewGuid(),
            Name = name,
            CompletedAt = DateTimeOffset.UtcNow,
            Dataset = new DatasetKeys
            {
                KnowledgeKey = await Jobs.PutDataAsync(stack, "knowledge_train_msgs.jsonl", 8, system: false),
                SkillsKey = await Jobs.PutDataAsync(stack, "skills_train_msgs.jsonl", 8, system: true),
                DataCardKey = "",
                DataCardMarkdownKey = "",
                LeafKeys = [],
                KnowledgeLines = 8,
                SkillsLines = 8,
            },
        };
        await PublishAsync(ready, deliveries);

        TrainingJob? chained = null;
        for (var i = 0; i < 600 && chained is null; i++)
        {
            chained = (await stack.Client.ListJobsAsync(new ListTrainingJobsRequest { Limit = 100 }, cancellationToken: Cancel)).Jobs.FirstOrDefault(j => j.Name == name);
            await Task.Delay(chained is null ? 100 : 0, Cancel);
        }
        Assert.NotNull(chained);
        var job = await Jobs.WaitAsync(stack, chained.Id, TimeSpan.FromMinutes(3));

        Assert.True(job.State == TrainingJobState.Completed, $"{job.State}: {job.Error}");
        Assert.Equal(TrainingStack.AutoTrainedId, job.OutputModelId);
        Assert.Equal(["knowledge", "skills"], job.Phases.Select(p => p.Phase));
        Assert.All(job.Phases, p => Assert.Equal(1, p.Epochs));
        // A second delivery was handled by now (both were published before the first job was listed): still one job.
        var jobs = (await stack.Client.ListJobsAsync(new ListTrainingJobsRequest { Limit = 1000 }, cancellationToken: Cancel)).Jobs;
        Assert.Single(jobs, j => j.Name == name);
        return job;
    }

    private async Task PublishAsync(DatasetReady ready, int deliveries)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(new Uri(stack.RabbitMq.ConnectionString)));
        await bus.StartAsync(Cancel);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, deliveries).Select(_ => bus.Publish(ready, Cancel)));
        }
        finally
        {
            await bus.StopAsync(Cancel);
        }
    }
}
