using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Contracts.Messages.Training;
using InstructLab.Aspire.Training.Api.Candidates;
using InstructLab.Aspire.Contracts.Training.V1;
using InstructLab.Aspire.Training.Progress;
using MassTransit;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace InstructLab.Aspire.Training.Api.Jobs;

/// <summary>
/// SubmitJob: checks every field (the base model is fetched and opened, the data read and encoded as the engine will,
/// so a job that would fail on its first step is refused here, naming the field), numbers the output's version,
/// stores the plan and announces the job to its state machine.
/// </summary>
public sealed class TrainingSubmitter(
    ModelSources models, ArtifactCache cache, GenerationDatasets generation, TrainingIndex index, IArtifactStore store, CandidateEvaluations evaluations,
    IConnectionMultiplexer redis, IBus bus, IOptions<TrainingOptions> options, TimeProvider clock)
{
    private TrainingOptions Options => options.Value;

    public async Task<TrainingJobSubmitted> SubmitAsync(SubmitTrainingJobRequest request, CancellationToken cancellationToken,
        Guid? jobId = null, Guid? generationJobId = null, IReadOnlyDictionary<string, string>? lineage = null)
    {
        var id = jobId ?? NewId.NextGuid();
        if (!ModelSources.IsModelId(request.OutputModelId))
        {
            throw new ArgumentException(
                $"output_model_id: '{request.OutputModelId}' is not a model id (letters, digits and . _ - :, at most 128, starting with a letter or digit).");
        }
        var strategy = request.Strategy switch
        {
            "" or "lab-multiphase" => TrainingStrategy.LabMultiphase,
            "knowledge-only" => TrainingStrategy.KnowledgeOnly,
            "skills-only" => TrainingStrategy.SkillsOnly,
            var other => throw new ArgumentException($"strategy: '{other}' is not a strategy; allowed are lab-multiphase, knowledge-only, skills-only."),
        };
        var (knowledgeKey, skillsKey) = await DataKeysAsync(request.Data, strategy, cancellationToken);
        var exportType = request.ExportType is { Length: > 0 } type
            ? (TrainingRequestOptions.ExportTypes.FirstOrDefault(t => t.Equals(type, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"export_type: '{type}' is not supported; allowed are {string.Join(", ", TrainingRequestOptions.ExportTypes)}."))
            : null;
        var baseModel = await models.ResolveAsync(request.BaseModel, cancellationToken);
        await CheckEvaluationAsync(request.Evaluation, cancellationToken);
        var plan = new TrainingPlan
        {
            JobId = id,
            Name = request.Name is { Length: > 0 } name ? name : request.OutputModelId,
            BaseModel = baseModel,
            KnowledgeKey = knowledgeKey,
            SkillsKey = skillsKey,
            Strategy = strategy,
            Knowledge = TrainingRequestOptions.Phase(request.Knowledge, PhaseSettings.KnowledgeDefaults),
            Skills = TrainingRequestOptions.Phase(request.Skills, PhaseSettings.SkillsDefaults),
            Lora = TrainingRequestOptions.Lora(request.Lora),
            ExportType = exportType,
            Seed = request.HasSeed ? request.Seed : 42,
            MaxSequenceLength = request.MaxSequenceLength > 0 ? request.MaxSequenceLength : null,
            SkipBadLines = request.SkipBadLines,
            HeldOutFraction = request.HasHeldOutFraction ? request.HeldOutFraction : 0.1,
            ChatTemplate = request.ChatTemplate is { Length: > 0 } template ? template : null,
            OutputModelId = request.OutputModelId,
            ModelVersion = 0,
            SubmittedAt = clock.GetUtcNow(),
            Lineage = lineage,
            ScoreCandidates = request.Evaluation is not null,
            MaxCandidates = request.Evaluation is { MaxCandidates: > 0 } e ? e.MaxCandidates : 5,
        };
        var (phases, notices) = await CheckAsync(plan, cancellationToken);
        plan = plan with { ModelVersion = await NextVersionAsync(plan.OutputModelId, cancellationToken) };

        var planKey = TrainingKeys.Plan(id);
        await store.PutJsonAsync(planKey, plan, cancellationToken);
        if (request.Evaluation is { } evaluation)
        {
            await evaluations.StoreAsync(id, evaluation);
        }
        var submitted = new TrainingJobSubmitted
        {
            JobId = id,
            Name = plan.Name,
            PlanKey = planKey,
            BaseModel = baseModel.Label,
            OutputModelId = plan.OutputModelId,
            ModelVersion = plan.ModelVersion,
            Strategy = request.Strategy is { Length: > 0 } s ? s : "lab-multiphase",
            Phases = phases,
            Notices = notices,
            GenerationJobId = generationJobId,
            SubmittedAt = plan.SubmittedAt,
        };
        await index.AddAsync(submitted);
        await bus.Publish(submitted, cancellationToken);
        return submitted;
    }

    /// <summary>A checkpoint evaluation needs something to score with: a taxonomy (MT-Bench-branch) or stored MMLU-branch questions.</summary>
    private async Task CheckEvaluationAsync(CheckpointEvaluation? evaluation, CancellationToken cancellationToken)
    {
        if (evaluation is null)
        {
            return;
        }
        if (evaluation.Taxonomy is null && evaluation.MmluBranchKey is not { Length: > 0 })
        {
            throw new ArgumentException("evaluation: give taxonomy (MT-Bench-branch on its changed skill leaves) or mmlu_branch_key (MMLU-branch questions), or leave evaluation unset to choose by held-out loss.");
        }
        if (evaluation.MmluBranchKey is { Length: > 0 } key && !await store.ExistsAsync(key, cancellationToken))
        {
            throw new ArgumentException($"evaluation.mmlu_branch_key: '{key}' is not in the artifact store.");
        }
        if (evaluation.Limit < 0 || evaluation.MaxAnswerTokens < 0)
        {
            throw new ArgumentException("evaluation.limit and evaluation.max_answer_tokens: 0 (all, or the default) or more.");
        }
        if (evaluation.MaxCandidates is < 0 or > 20)
        {
            throw new ArgumentException($"evaluation.max_candidates: {evaluation.MaxCandidates} is out of range; allowed are 1 to 20 (0: 5).");
        }
    }

    private async Task<(string? Knowledge, string? Skills)> DataKeysAsync(TrainingData? data, TrainingStrategy strategy, CancellationToken cancellationToken)
    {
        var (knowledge, skills) = data?.SourceCase switch
        {
            TrainingData.SourceOneofCase.Files => (data.Files.KnowledgeKey, data.Files.SkillsKey),
            TrainingData.SourceOneofCase.GenerationJobId => await FromGenerationAsync(data.GenerationJobId, cancellationToken),
            _ => throw new ArgumentException("data: give files (knowledge_key, skills_key) or generation_job_id."),
        };
        string? Need(string key, string field, bool needed) => !needed
            ? null
            : key is { Length: > 0 } ? key : throw new ArgumentException($"data.{field}: required by strategy {strategy}.");
        return (Need(knowledge, "knowledge_key", strategy != TrainingStrategy.SkillsOnly), Need(skills, "skills_key", strategy != TrainingStrategy.KnowledgeOnly));
    }

    private async Task<(string, string)> FromGenerationAsync(string jobId, CancellationToken cancellationToken)
    {
        var dataset = await generation.GetAsync(jobId, cancellationToken);
        return (dataset.KnowledgeKey, dataset.SkillsKey);
    }

    /// <summary>Fetches the inputs and runs the engine's own checks on them; each phase as it will run.</summary>
    private async Task<(IReadOnlyList<TrainingPhasePlan>, IReadOnlyList<string>)> CheckAsync(TrainingPlan plan, CancellationToken cancellationToken)
    {
        string baseModel;
        try
        {
            baseModel = await models.FetchAsync(plan.BaseModel, cancellationToken);
        }
        catch (HttpRequestException e) when (plan.BaseModel.Kind == ModelSourceKind.Url)
        {
            // At submit a URL that cannot be fetched is the request's problem (a worker retries the same as a passing outage).
            throw new TrainingInputException($"base_model: {plan.BaseModel.Label} could not be downloaded: {e.Message}");
        }
        var inputs = new LocalInputs(
            baseModel,
            plan.KnowledgeKey is { } k ? await cache.FetchAsync(k, "data.knowledge_key", Options.MaxDataBytes, cancellationToken) : null,
            plan.SkillsKey is { } s ? await cache.FetchAsync(s, "data.skills_key", Options.MaxDataBytes, cancellationToken) : null);
        var scratch = Path.Combine(Options.WorkDirectory, "submit", plan.JobId.ToString("N"));
        var notices = new List<string>();
        try
        {
            var request = EngineRequests.For(plan, inputs, Path.Combine(scratch, "model.gguf"), Path.Combine(scratch, "checkpoints"), Options);
            var phases = await Task.Run(() => TrainingRun.Check(request, new Notices(notices)), cancellationToken);
            return ([.. phases.Select(p => new TrainingPhasePlan(p.Phase, p.Samples, p.Settings.Epochs, p.TotalSteps,
                (p.Phase == "knowledge" ? plan.KnowledgeKey : plan.SkillsKey)!, p.HeldOutSamples))], [.. notices.Select(n => EngineRequests.Describe(n, plan, inputs))]);
        }
        catch (TrainingInputException e)
        {
            throw new ArgumentException(EngineRequests.Describe(e, plan, inputs), e);
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    /// <summary>1 for a new id, else one past the newest version published or numbered (Redis keeps the count).</summary>
    /// <summary>The version a new publication of <paramref name="modelId"/> gets (after the newest in the artifact store, never one handed out before).</summary>
    public async Task<int> NextVersionAsync(string modelId, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var published = await models.NewestVersionAsync(modelId, cancellationToken) ?? 0;
        await database.StringSetAsync(TrainingKeys.ModelVersion(modelId), published, when: When.NotExists);
        var next = (int)await database.StringIncrementAsync(TrainingKeys.ModelVersion(modelId));
        return Math.Max(next, published + 1);
    }

    private sealed class Notices(List<string> notices) : IProgress<TrainingEvent>
    {
        public void Report(TrainingEvent value)
        {
            if (value is TrainingNotice { Warning: true } notice)
            {
                notices.Add(notice.Message);
            }
        }
    }
}
