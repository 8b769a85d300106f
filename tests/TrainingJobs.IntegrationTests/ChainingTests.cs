using InstructLab.Aspire.Contracts.Messages.Generation;
using InstructLab.Aspire.Contracts.Training.V1;
using MassTransit;

namespace InstructLab.Aspire.TrainingJobs.IntegrationTests;

/// <summary>DatasetReady starts a training job of the configured student, once however often it is delivered.</summary>
public sealed class ChainingTests(TrainingStack stack)
{
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
}
