using System.Text.Json.Nodes;
using Grpc.Core;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Contracts.Generation.V1;
using InstructLab.Aspire.Contracts.Judging.V1;
using InstructLab.Aspire.Contracts.Messages;
using InstructLab.Aspire.Contracts.Messages.Cycles;
using InstructLab.Aspire.Contracts.Messages.Evaluation;
using InstructLab.Aspire.Contracts.Messages.Training;
using InstructLab.Aspire.Contracts.Suite.V1;
using InstructLab.Aspire.Contracts.Training.V1;
using InstructLab.Aspire.Hosting.Grpc;
using InstructLab.Aspire.Training.Api.Jobs;
using MassTransit;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace InstructLab.Aspire.Training.Api.Cycles;

/// <summary>
/// Starts a cycle's stage: the training job (both phases, on the generated data with the replay buffer, the lineage
/// for its model card), the evaluations of the new model against its base on the changed leaves, or the report. Each
/// job's id derives from the cycle's, and is marked as the cycle's before it is submitted (its end finds the cycle),
/// so a repeated work item finds what the first one started. A refusal ends the stage, and the cycle, with its reason.
/// </summary>
public sealed partial class CycleStageConsumer(
    CycleIndex cycles, CycleSecrets secrets, CycleReports reports, SuiteClients clients, TrainingSubmitter training, TrainingIndex trainingJobs,
    ModelSources models, IArtifactStore store, IConnectionMultiplexer redis, IOptions<TrainingOptions> options, ILogger<CycleStageConsumer> logger) : IConsumer<RunCycleStage>
{
    private static readonly TimeSpan OwnerLifetime = TimeSpan.FromDays(30);

    public async Task Consume(ConsumeContext<RunCycleStage> context)
    {
        var work = context.Message;
        var cycle = await cycles.GetAsync(work.CycleId);
        if (cycle is null || cycle.CurrentState is "Completed" or "Failed" or "Cancelled")
        {
            LogSkipped(work.CycleId, work.Stage, cycle?.CurrentState ?? "unknown");
            return;
        }
        var plan = await store.ReadJsonAsync<CyclePlan>(work.PlanKey, context.CancellationToken);
        switch (work.Stage)
        {
            case CycleStage.Train:
                await TrainAsync(context, plan);
                break;
            case CycleStage.Evaluate:
                await EvaluateAsync(context, plan);
                break;
            case CycleStage.Report:
                var key = await reports.WriteAsync(cycle, plan, context.CancellationToken);
                await context.Publish(new CycleStageEnded { CycleId = plan.CycleId, Stage = CycleStage.Report, Outcome = JobOutcome.Completed, ReportKey = key });
                break;
            default:
                throw new InvalidOperationException($"cycle stage {work.Stage} is not started by a work item");
        }
    }

    public static Guid TrainingJobId(Guid cycle) => RequestIds.Derive(cycle, "training");

    private async Task TrainAsync(ConsumeContext<RunCycleStage> context, CyclePlan plan)
    {
        var jobId = TrainingJobId(plan.CycleId);
        await OwnAsync(jobId, plan.CycleId);
        var version = (await trainingJobs.GetAsync(jobId))?.ModelVersion;
        if (version is not null)
        {
            // Submitted before: by a delivery whose service may have stopped before the job's state machine heard of it.
            await trainingJobs.ResubmitIfUnstartedAsync(jobId, context, context.CancellationToken);
        }
        else
        {
            var request = await secrets.GetAsync(plan.CycleId);
            var generation = await clients.Generation.GetJobAsync(new GetJobRequest { JobId = plan.GenerationJobId.ToString() }, cancellationToken: context.CancellationToken);
            if (EmptyDataset.IsEmpty(generation))
            {
                await context.Publish(new CycleStageEnded { CycleId = plan.CycleId, Stage = CycleStage.Train, Outcome = JobOutcome.Failed, Error = EmptyDataset.Explain(generation) });
                return;
            }
            var dataset = generation.Dataset;
            var submit = new SubmitTrainingJobRequest
            {
                Name = plan.Name,
                BaseModel = plan.TrainFrom,
                Data = new TrainingData { GenerationJobId = plan.GenerationJobId.ToString() },
                Knowledge = request.Knowledge?.Clone() ?? new(),
                Skills = request.Skills?.Clone() ?? new(),
                OutputModelId = plan.OutputModelId,
                MaxSequenceLength = request.MaxSequenceLength,
                Seed = (int)(plan.Seed & int.MaxValue),
                // A skill-only or knowledge-only change trains the phase it has data for.
                Strategy = (dataset.KnowledgeLines, dataset.SkillsLines) switch
                {
                    (0, > 0) => "skills-only",
                    (> 0, 0) => "knowledge-only",
                    _ => "lab-multiphase",
                },
            };
            options.Value.Cycle.Apply(submit);
            submit.Evaluation = request.SkipEvaluation ? null : CheckpointEvaluation(plan, request, generation);
            try
            {
                var submitted = await training.SubmitAsync(submit, context.CancellationToken, jobId, plan.GenerationJobId, await LineageAsync(plan, dataset, context.CancellationToken));
                version = submitted.ModelVersion;
            }
            catch (ArgumentException e)
            {
                await context.Publish(new CycleStageEnded { CycleId = plan.CycleId, Stage = CycleStage.Train, Outcome = JobOutcome.Failed, Error = $"training refused the job: {e.Message}" });
                return;
            }
        }
        await context.Publish(new CycleStageStarted { CycleId = plan.CycleId, Stage = CycleStage.Train, JobIds = [jobId], ModelVersion = version.Value });
        await CancelIfEndedAsync(context, plan.CycleId, new CancelTrainingJob { JobId = jobId, RequestedAt = DateTimeOffset.UtcNow });
    }

    /// <summary>
    /// How the training job scores its candidate checkpoints: as the cycle evaluates its model (MT-Bench-branch on
    /// changed skill leaves, MMLU-branch on generated knowledge questions); null when neither applies.
    /// </summary>
    private static CheckpointEvaluation? CheckpointEvaluation(CyclePlan plan, RunCycleRequest request, Job generation)
    {
        var evaluation = new CheckpointEvaluation
        {
            Base = plan.Base,
            Limit = request.EvaluationLimit,
            MaxAnswerTokens = request.MaxAnswerTokens,
            Seed = plan.Seed,
        };
        if (generation.Leaves.Any(l => l.Kind != Contracts.Taxonomy.V1.LeafKind.Knowledge))
        {
            evaluation.Taxonomy = request.Taxonomy;
            evaluation.Judge = request.Judge ?? new();
        }
        if (generation.Leaves.Any(l => l.Kind == Contracts.Taxonomy.V1.LeafKind.Knowledge) && generation.Dataset?.MmluBranchKey is { Length: > 0 } questions
            && generation.Dataset.MmluBranchLines > 0)
        {
            evaluation.MmluBranchKey = questions;
        }
        return evaluation.Taxonomy is null && evaluation.MmluBranchKey.Length == 0 ? null : evaluation;
    }

    private async Task EvaluateAsync(ConsumeContext<RunCycleStage> context, CyclePlan plan)
    {
        var request = await secrets.GetAsync(plan.CycleId);
        var job = await trainingJobs.GetAsync(TrainingJobId(plan.CycleId))
            ?? throw new InvalidOperationException($"cycle {plan.CycleId} has no training job");
        var evaluations = request.SkipEvaluation ? [] : await EvaluationsAsync(plan, request, job.ModelVersion, job.PlanKey, context.CancellationToken);
        foreach (var (evaluationId, run) in evaluations)
        {
            await OwnAsync(evaluationId, plan.CycleId);
            try
            {
                await clients.Evaluation.RunAsync(run, cancellationToken: context.CancellationToken);
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.NotFound)
            {
                await context.Publish(new CycleStageEnded
                {
                    CycleId = plan.CycleId, Stage = CycleStage.Evaluate, Outcome = JobOutcome.Failed,
                    Error = $"{run.Benchmark} refused: {e.Status.Detail}; the model was published as {plan.OutputModelId} version {job.ModelVersion}",
                });
                return;
            }
        }
        await context.Publish(new CycleStageStarted { CycleId = plan.CycleId, Stage = CycleStage.Evaluate, JobIds = [.. evaluations.Select(e => e.Id)] });
        foreach (var (evaluationId, _) in evaluations)
        {
            await CancelIfEndedAsync(context, plan.CycleId, new CancelEvaluation { EvaluationId = evaluationId, RequestedAt = DateTimeOffset.UtcNow });
        }
    }

    /// <summary>
    /// MT-Bench-branch when skill leaves changed (their seed examples are the questions), MMLU-branch when knowledge
    /// leaves did and generation wrote their questions; the new model and its base both served from the artifact store.
    /// </summary>
    private async Task<List<(Guid Id, RunEvaluationRequest Run)>> EvaluationsAsync(CyclePlan plan, RunCycleRequest request, int version, string trainingPlanKey,
        CancellationToken cancellationToken)
    {
        var generation = await clients.Generation.GetJobAsync(new GetJobRequest { JobId = plan.GenerationJobId.ToString() }, cancellationToken: cancellationToken);
        var model = new ChatEndpoint { Model = ArtifactModel(TrainingKeys.ModelFolder(plan.OutputModelId, version) + "model.gguf") };
        var baseModel = new ChatEndpoint { Model = ArtifactModel(await BaseModelKeyAsync(plan, trainingPlanKey, cancellationToken)) };
        var evaluationOptions = new EvaluationOptions
        {
            Limit = request.EvaluationLimit,
            MaxAnswerTokens = request.MaxAnswerTokens > 0 ? request.MaxAnswerTokens : 256,
            Seed = plan.Seed,
        };
        var runs = new List<(Guid, RunEvaluationRequest)>();
        if (generation.Leaves.Any(l => l.Kind != Contracts.Taxonomy.V1.LeafKind.Knowledge))
        {
            var id = RequestIds.Derive(plan.CycleId, "mt_bench_branch");
            runs.Add((id, new RunEvaluationRequest
            {
                Benchmark = "mt_bench_branch", Name = $"{plan.Name}: skills", Model = model, BaseModel = baseModel, Judge = request.Judge ?? new(),
                Taxonomy = request.Taxonomy, Base = plan.Base, Options = evaluationOptions, RequestId = id.ToString(),
            }));
        }
        if (generation.Leaves.Any(l => l.Kind == Contracts.Taxonomy.V1.LeafKind.Knowledge) && generation.Dataset?.MmluBranchKey is { Length: > 0 } questions
            && generation.Dataset.MmluBranchLines > 0)
        {
            var id = RequestIds.Derive(plan.CycleId, "mmlu_branch");
            runs.Add((id, new RunEvaluationRequest
            {
                Benchmark = "mmlu_branch", Name = $"{plan.Name}: knowledge", Model = model, BaseModel = baseModel,
                Data = { new DataFile { Path = "mmlu_branch.jsonl", ArtifactKey = questions } }, Options = evaluationOptions, RequestId = id.ToString(),
            }));
        }
        return runs;
    }

    /// <summary>The base model's artifact key; a base from a path or URL is uploaded once, so serving can load it too.</summary>
    private async Task<string> BaseModelKeyAsync(CyclePlan plan, string trainingPlanKey, CancellationToken cancellationToken) =>
        await models.ArtifactKeyAsync((await store.ReadJsonAsync<TrainingPlan>(trainingPlanKey, cancellationToken)).BaseModel,
            CycleKeys.BaseModel(plan.CycleId), cancellationToken);

    private static string ArtifactModel(string key) => ModelSources.ArtifactPrefix + key;

    /// <summary>What the model card says of where the model comes from.</summary>
    private async Task<Dictionary<string, string>> LineageAsync(CyclePlan plan, Dataset dataset, CancellationToken cancellationToken)
    {
        var card = JsonNode.Parse(await store.ReadBytesAsync(dataset.DataCardKey, cancellationToken));
        var replayed = card?["replay_lines"]?.GetValue<long>() ?? 0;
        return new Dictionary<string, string>
        {
            ["cycle"] = $"{plan.Name} ({plan.CycleId})",
            ["taxonomy"] = $"{plan.Taxonomy}, leaves changed since {plan.Base}",
            ["trained from"] = plan.TrainFromLabel,
            ["generation job"] = plan.GenerationJobId.ToString(),
            ["data"] = $"{dataset.KnowledgeLines} knowledge lines ({dataset.KnowledgeKey}), {dataset.SkillsLines} skills lines ({dataset.SkillsKey})",
            ["replay"] = plan.ReplayDataset is { } replay ? $"{replayed} phase-2 lines replayed from {replay}" : "none (the first cycle of this model id)",
        };
    }

    /// <summary>A cycle cancelled while this stage submitted its job did not know the job yet: the job is cancelled here.</summary>
    private async Task CancelIfEndedAsync<T>(ConsumeContext context, Guid cycle, T cancel) where T : class
    {
        if (await cycles.GetAsync(cycle) is { CurrentState: "Cancelled" or "Failed" })
        {
            await context.Publish(cancel);
        }
    }

    private Task OwnAsync(Guid job, Guid cycle) =>
        redis.GetDatabase().StringSetAsync(CycleKeys.JobOwner(job), cycle.ToString("N"), OwnerLifetime);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cycle {Cycle}: stage {Stage} not started, the cycle is {State}")]
    private partial void LogSkipped(Guid cycle, CycleStage stage, string state);
}

/// <summary>A stage whose service is briefly away is tried again; one that keeps failing ends the cycle (the state machine hears the fault).</summary>
public sealed class CycleStageConsumerDefinition : ConsumerDefinition<CycleStageConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<CycleStageConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(
            TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2)));
    }
}
