using Microsoft.Extensions.Options;
using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Hosting.Info;
using InstructLab.Aspire.Hosting.Sagas;
using InstructLab.Aspire.Hosting.StartupChecks;
using InstructLab.Aspire.Hub;
using InstructLab.Aspire.Training.Api.Candidates;
using InstructLab.Aspire.Training.Api.Chaining;
using InstructLab.Aspire.Training.Api.Cycles;
using InstructLab.Aspire.Training.Api.Grpc;
using InstructLab.Aspire.Training.Api.Jobs;
using InstructLab.Aspire.Training.Api.Reports;
using InstructLab.Aspire.Training.Api.Runtime;
using InstructLab.Aspire.Training.Api.StateMachines;
using InstructLab.Aspire.Training.Api.Workers;
using MassTransit;
using InstructLab.Aspire.Hosting.Security;

namespace InstructLab.Aspire.Training.Api;

public static class TrainingServices
{
    /// <summary>Training in the suite: the jobs API, the jobs' state machine in Redis, chaining from generation, LAB cycles, and (unless turned off) a worker.</summary>
    public static IHostApplicationBuilder AddTrainingServices(this IHostApplicationBuilder builder)
    {
        var workers = builder.Configuration.GetValue($"{TrainingOptions.SectionName}:Workers", true);
        builder.AddSuiteService(ResourceNames.Training, bus =>
        {
            bus.AddSagaStateMachine<TrainingJobStateMachine, TrainingJobSaga, RedisSagaDefinition<TrainingJobSaga>>().RedisRepository(TrainingKeys.StateKeyPrefix);
            bus.AddConsumer<DatasetReadyConsumer, DatasetReadyConsumerDefinition>();
            bus.AddSagaStateMachine<CycleStateMachine, CycleSaga, RedisSagaDefinition<CycleSaga>>().RedisRepository(CycleKeys.StateKeyPrefix);
            bus.AddConsumer<CycleStageConsumer, CycleStageConsumerDefinition>();
            bus.AddConsumer<CycleJobEndedConsumer, CycleJobEndedConsumerDefinition>();
            bus.AddConsumer<ScoreTrainingCandidatesConsumer, ScoreTrainingCandidatesConsumerDefinition>();
            bus.AddConsumer<CandidateEvaluationEndedConsumer, CandidateEvaluationEndedConsumerDefinition>();
            bus.AddConsumer<PublishTrainingCandidateConsumer, PublishTrainingCandidateConsumerDefinition>();
            if (workers)
            {
                bus.AddConsumer<TrainModelConsumer, TrainModelConsumerDefinition>();
                bus.AddConsumer<CancelTrainingJobConsumer, CancelTrainingJobConsumerDefinition>();
            }
        });
        builder.AddSuiteKey();
        builder.Services.AddGrpc(grpc =>
        {
            grpc.Interceptors.Add<SuiteKeyInterceptor>();
            grpc.Interceptors.Add<TrainingErrors>();
        });
        builder.Services.AddOptions<TrainingOptions>().BindConfiguration(TrainingOptions.SectionName)
            // A cycle that names no student trains the suite's (Models:Student; by default the downloaded one).
            .PostConfigure<IOptions<SuiteModels>>((o, models) => o.Cycle.Student = o.Cycle.Student is { Length: > 0 } own ? own : models.Value.ResolvedStudent)
            .Validate(o => o.SegmentTime >= TimeSpan.FromSeconds(1) && o.SegmentTime <= TimeSpan.FromMinutes(25),
                "Training:SegmentTime must be from 1 second to 25 minutes (below RabbitMQ's 30-minute delivery timeout)")
            .Validate(o => o.LeaseTime >= TimeSpan.FromSeconds(3), "Training:LeaseTime must be at least 3 seconds")
            .Validate(o => o.Device is "cpu" or "cuda", "Training:Device must be cpu or cuda")
            .Validate(o => o.MaxModelBytes > 0 && o.MaxDataBytes > 0 && o.CacheBytes > 0, "Training:MaxModelBytes, MaxDataBytes and CacheBytes must be positive")
            .Validate(o => o.Reports.LinkLifetime >= TimeSpan.FromMinutes(5) && o.Reports.LinkLifetime <= TimeSpan.FromDays(366),
                "Training:Reports:LinkLifetime must be from 5 minutes to 366 days")
            .Validate(o => o.Reports.SigningKey.Length is 0 or >= 16, "Training:Reports:SigningKey must have at least 16 characters (or be empty: a random key per process)")
            .Validate(o => o.Reports.PublicUrl.Length == 0 || Uri.TryCreate(o.Reports.PublicUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https",
                "Training:Reports:PublicUrl must be an absolute http(s) URL")
            .ValidateOnStart();

        builder.Services.AddSingleton<TorchRuntimeCheck>();
        builder.Services.AddSingleton<IStartupCheck>(sp => sp.GetRequiredService<TorchRuntimeCheck>());
        builder.Services.AddSingleton<IServiceDetails>(sp => sp.GetRequiredService<TorchRuntimeCheck>());

        builder.Services.AddSingleton<ArtifactCache>();
        builder.Services.AddSingleton<ModelSources>();
        builder.Services.AddSingleton<SuiteClients>();
        builder.Services.AddSingleton<GenerationDatasets>();
        builder.Services.AddSingleton<TrainingIndex>();
        builder.Services.AddSingleton<LiveProgress>();
        builder.Services.AddSingleton<TrainingSubmitter>();
        builder.Services.AddSingleton<Models.UploadedModels>();
        builder.Services.AddSingleton<JobLeases>();
        builder.Services.AddSingleton<RunningJobs>();
        builder.Services.AddSingleton<CheckpointSync>();
        builder.Services.AddSingleton<ModelPublisher>();
        builder.Services.AddSingleton<ReportLinks>();
        builder.Services.AddSingleton<CandidateEvaluations>();
        builder.Services.AddSingleton<CandidateScoring>();
        builder.Services.AddSingleton<CandidateFiles>();

        builder.Services.AddSingleton<CycleIndex>();
        builder.Services.AddSingleton<CycleSecrets>();
        builder.Services.AddSingleton<CycleSubmitter>();
        builder.Services.AddSingleton<CycleReports>();
        return builder;
    }
}
