using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Generation.Api.Consumers;
using InstructLab.Aspire.Generation.Api.Grpc;
using InstructLab.Aspire.Generation.Api.Jobs;
using InstructLab.Aspire.Generation.Api.StateMachines;
using InstructLab.Aspire.Generation.Jobs;
using InstructLab.Aspire.Generation.Mixing;
using InstructLab.Aspire.Hosting.Endpoints;
using InstructLab.Aspire.Hosting.Sagas;
using InstructLab.Aspire.Hub;
using MassTransit;
using Microsoft.Extensions.Options;
using InstructLab.Aspire.Hosting.Security;

namespace InstructLab.Aspire.Generation.Api;

public static class GenerationServices
{
    /// <summary>Generation in the suite: the jobs API, the jobs' state machine in Redis, and (unless turned off) the workers.</summary>
    public static IHostApplicationBuilder AddGenerationServices(this IHostApplicationBuilder builder)
    {
        var workers = builder.Configuration.GetValue($"{GenerationOptions.SectionName}:Workers:Enabled", true);
        builder.AddSuiteService(ResourceNames.Generation, bus =>
        {
            bus.AddSagaStateMachine<GenerationJobStateMachine, GenerationJobState, RedisSagaDefinition<GenerationJobState>>().RedisRepository(JobIndex.StateKeyPrefix);
            if (workers)
            {
                bus.AddConsumer<GenerateBatchConsumer, GenerateBatchConsumerDefinition>();
                bus.AddConsumer<MixDatasetConsumer, MixDatasetConsumerDefinition>();
            }
        });
        builder.AddSuiteKey();
        builder.Services.AddGrpc(grpc =>
        {
            grpc.Interceptors.Add<SuiteKeyInterceptor>();
            grpc.Interceptors.Add<GenerationErrors>();
        });
        builder.Services.AddOptions<GenerationOptions>().BindConfiguration(GenerationOptions.SectionName)
            .PostConfigure<IOptions<SuiteModels>>((o, models) => o.Teacher.UseSuiteModel(models.Value.Teacher))
            .Validate(o => o.Workers.ConcurrentBatches is >= 1 and <= 256, "Generation:Workers:ConcurrentBatches must be from 1 to 256")
            .Validate(o => o.Workers.MaxBatchTime > TimeSpan.Zero, "Generation:Workers:MaxBatchTime must be longer than 0")
            .Validate(o => o.Workers.Retries is >= 0 and <= 20, "Generation:Workers:Retries must be from 0 to 20")
            .Validate(o => o.Workers.RetryDelay >= TimeSpan.Zero && o.Workers.MaxRetryDelay >= o.Workers.RetryDelay,
                "Generation:Workers:RetryDelay must be 0 or more, and Generation:Workers:MaxRetryDelay no shorter")
            .Validate(o => o.JudgeBatchSize is >= 1 and <= 1000, "Generation:JudgeBatchSize must be from 1 to 1000")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<GenerationOptions>>().Value;
            return new ChatCacheSettings(options.CacheResponses, options.CacheTimeToLive);
        });
        builder.Services.AddSingleton<ChatEndpointResolver>();
        builder.Services.AddSingleton<SuiteClients>();
        builder.Services.AddSingleton<PlanStore>();
        builder.Services.AddSingleton<BatchRunner>();
        builder.Services.AddSingleton<DatasetMixer>();
        builder.Services.AddSingleton<JobSecrets>();
        builder.Services.AddSingleton<JobIndex>();
        builder.Services.AddSingleton<JobEndpoints>();
        builder.Services.AddSingleton<JobSubmitter>();
        return builder;
    }
}
