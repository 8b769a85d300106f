using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Hosting.Endpoints;
using InstructLab.Aspire.Hosting.Sagas;
using InstructLab.Aspire.Hub;
using InstructLab.Aspire.Judging.Api.Evaluations;
using MassTransit;
using InstructLab.Aspire.Judging.Api.Grpc;
using Microsoft.Extensions.Options;
using InstructLab.Aspire.Hosting.Security;

namespace InstructLab.Aspire.Judging.Api;

public static class JudgingServices
{
    public static IHostApplicationBuilder AddJudgingServices(this IHostApplicationBuilder builder)
    {
        var workers = builder.Configuration.GetValue($"{EvaluationOptions.SectionName}:Workers", true);
        builder.AddSuiteService(ResourceNames.Judging, bus =>
        {
            bus.AddSagaStateMachine<EvaluationStateMachine, EvaluationState, RedisSagaDefinition<EvaluationState>>().RedisRepository(EvaluationIndex.StateKeyPrefix);
            if (workers)
            {
                bus.AddConsumer<EvaluateBatchConsumer, EvaluateBatchConsumerDefinition>();
                bus.AddConsumer<WriteEvaluationReportConsumer, WriteEvaluationReportConsumerDefinition>();
            }
        });
        builder.AddSuiteKey();
        builder.Services.AddGrpc(grpc =>
        {
            grpc.Interceptors.Add<SuiteKeyInterceptor>();
            grpc.Interceptors.Add<JudgingErrors>();
            // Benchmark files come inline with Run (the CLI reads a folder and sends it).
            grpc.MaxReceiveMessageSize = 64 * 1024 * 1024;
        });
        builder.Services.AddOptions<JudgingOptions>().BindConfiguration(JudgingOptions.SectionName)
            .PostConfigure<IOptions<SuiteModels>>((o, models) => o.Judge.UseSuiteModel(models.Value.Judge is { Length: > 0 } judge ? judge : models.Value.Teacher))
            .Validate(o => o.MaxExplanationLength is >= 16 and <= 8192, "Judging:MaxExplanationLength must be from 16 to 8192")
            .Validate(o => o.MaxItemsPerRequest > 0, "Judging:MaxItemsPerRequest must be positive")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<JudgingOptions>>().Value;
            return new ChatCacheSettings(options.CacheResponses, options.CacheTimeToLive);
        });
        builder.Services.AddSingleton<ChatEndpointResolver>();
        builder.Services.AddSingleton<JudgeRunner>();
        builder.Services.AddEvaluation();
        return builder;
    }

    /// <summary>Evaluation: the jobs' state machine in Redis, the workers and the report writer (registered with the bus above).</summary>
    private static IServiceCollection AddEvaluation(this IServiceCollection services)
    {
        services.AddOptions<EvaluationOptions>().BindConfiguration(EvaluationOptions.SectionName)
            .Validate(o => o.ConcurrentBatches is >= 1 and <= 256, "Judging:Evaluation:ConcurrentBatches must be from 1 to 256")
            .Validate(o => o.ChoiceBatchSize is >= 1 and <= 1000 && o.JudgedBatchSize is >= 1 and <= 1000, "Judging:Evaluation batch sizes must be from 1 to 1000")
            .Validate(o => o.MaxDataBytes > 0 && o.MaxItems > 0, "Judging:Evaluation:MaxDataBytes and MaxItems must be positive")
            .ValidateOnStart();
        services.AddSingleton<ScoringEndpoints>();
        services.AddSingleton<EvaluationSecrets>();
        services.AddSingleton<EvaluationIndex>();
        services.AddSingleton<EvaluationPlans>();
        services.AddSingleton<EvaluationEndpointFactory>();
        services.AddSingleton<TaxonomyClient>();
        services.AddSingleton<EvaluationSubmitter>();
        return services;
    }
}
