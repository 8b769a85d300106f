using System.Security.Cryptography;
using InstructLab.Aspire.Contracts.Messages.Generation;
using InstructLab.Aspire.Contracts.Training.V1;
using InstructLab.Aspire.Training.Api.Jobs;
using Microsoft.Extensions.Options;
using MassTransit;
using StackExchange.Redis;

namespace InstructLab.Aspire.Training.Api.Chaining;

/// <summary>
/// Chaining (<c>Training:AutoTrain:Student</c> set): a completed generation job's dataset becomes a training job of
/// the student, or of the newest version published under the output id once there is one (so each dataset builds on
/// what the earlier ones taught). One job per generation job however often the event comes: its id derives from the generation job's,
/// and a Redis claim lets one delivery submit it. Another delivery while that submit runs is retried later; a claim
/// whose holder crashed runs out after ten minutes, and the next delivery submits the job. A LAB cycle's generation
/// job is left to its cycle, which trains it.
/// </summary>
public sealed partial class DatasetReadyConsumer(TrainingSubmitter submitter, TrainingIndex jobs, ModelSources models, IConnectionMultiplexer redis,
    IOptions<TrainingOptions> options, ILogger<DatasetReadyConsumer> logger) : IConsumer<DatasetReady>
{
    public async Task Consume(ConsumeContext<DatasetReady> context)
    {
        var auto = options.Value.AutoTrain;
        var ready = context.Message;
        if (auto.Student is not { Length: > 0 })
        {
            return;
        }
        var jobId = JobIdFor(ready.JobId);
        var database = redis.GetDatabase();
        if (await database.KeyExistsAsync(Cycles.CycleKeys.JobOwner(ready.JobId)))
        {
            // A LAB cycle's data: the cycle trains it.
            return;
        }
        var claim = TrainingKeys.AutoTrain(ready.JobId);
        if (await jobs.GetAsync(jobId) is not null)
        {
            await jobs.ResubmitIfUnstartedAsync(jobId, context, context.CancellationToken);
            LogDuplicate(ready.JobId, jobId);
            return;
        }
        if (!await database.StringSetAsync(claim, jobId.ToString("N"), ClaimTime, When.NotExists))
        {
            throw new InvalidOperationException($"generation job {ready.JobId}'s training job {jobId} is being submitted by another delivery; retrying later");
        }
        var outputId = auto.OutputModelId is { Length: > 0 } id ? id : ModelSources.DefaultOutputId(auto.Student);
        var request = new SubmitTrainingJobRequest
        {
            Name = ready.Name,
            // Each dataset teaches the model the previous ones made: the newest published version, once there is one.
            BaseModel = await models.NewestVersionAsync(outputId, context.CancellationToken) is null ? auto.Student : outputId,
            OutputModelId = outputId,
            Data = new TrainingData { Files = new DatasetFiles { KnowledgeKey = ready.Dataset.KnowledgeKey, SkillsKey = ready.Dataset.SkillsKey } },
        };
        auto.Apply(request);
        try
        {
            await submitter.SubmitAsync(request, context.CancellationToken, jobId, ready.JobId);
            await database.StringSetAsync(claim, jobId.ToString("N"), TimeSpan.FromDays(30));
            LogStarted(ready.JobId, jobId);
        }
        catch (ArgumentException e)
        {
            // The dataset or the configured student is unusable: retrying cannot help; the log says why.
            LogRefused(ready.JobId, e.Message);
        }
    }

    private static readonly TimeSpan ClaimTime = TimeSpan.FromMinutes(10);

    /// <summary>The training job id of a generation job's dataset: the same every time.</summary>
    public static Guid JobIdFor(Guid generationJob) =>
        new(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"training-of-generation-job:{generationJob:N}"))[..16]);

    [LoggerMessage(Level = LogLevel.Information, Message = "Generation job {GenerationJob}'s dataset: training job {TrainingJob} exists already")]
    private partial void LogDuplicate(Guid generationJob, Guid trainingJob);

    [LoggerMessage(Level = LogLevel.Information, Message = "Generation job {GenerationJob}'s dataset: training job {TrainingJob} submitted")]
    private partial void LogStarted(Guid generationJob, Guid trainingJob);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generation job {GenerationJob}'s dataset was not trained: {Reason}")]
    private partial void LogRefused(Guid generationJob, string reason);
}

/// <summary>A delivery that finds another one submitting is retried until that one is done (or its claim ran out).</summary>
public sealed class DatasetReadyConsumerDefinition : ConsumerDefinition<DatasetReadyConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<DatasetReadyConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(
            TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10)));
    }
}
