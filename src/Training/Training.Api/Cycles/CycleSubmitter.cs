using Google.Protobuf;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Contracts.Generation.V1;
using InstructLab.Aspire.Contracts.Messages.Cycles;
using InstructLab.Aspire.Contracts.Taxonomy.V1;
using InstructLab.Aspire.Contracts.Training.V1;
using InstructLab.Aspire.Hosting.Grpc;
using InstructLab.Aspire.Training.Api.Jobs;
using MassTransit;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace InstructLab.Aspire.Training.Api.Cycles;

/// <summary>
/// Run: checks the request and the student, finds the replay buffer (the phase-2 data of the cycle that published the
/// output id's newest version), submits the generation job (which validates and diffs the taxonomy: a bad file fails
/// the call with its errors), stores the plan and announces the cycle to its state machine.
/// </summary>
public sealed class CycleSubmitter(
    ModelSources models, SuiteClients clients, CycleIndex index, CycleSecrets secrets, IArtifactStore store, IConnectionMultiplexer redis,
    IBus bus, IOptions<TrainingOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan OwnerLifetime = TimeSpan.FromDays(30);

    public async Task<CycleSubmitted> SubmitAsync(RunCycleRequest request, Guid id, CancellationToken cancellationToken)
    {
        var defaults = options.Value.Cycle;
        if (request.Taxonomy is null || request.Taxonomy.KindCase == TaxonomySource.KindOneofCase.None)
        {
            throw new ArgumentException("taxonomy: required (local_path, or git with url and ref).");
        }
        // Training:Cycle:Student, else Models:Student, else the downloaded default (see TrainingServices).
        var student = request.Student is { Length: > 0 } s ? s : defaults.Student;
        // A published student trains on under its own id; any other source is published under a new one.
        var outputId = request.OutputModelId is { Length: > 0 } o ? o
            : await IsPublishedAsync(student, cancellationToken) ? student
            : defaults.OutputModelId is { Length: > 0 } d ? d
            : ModelSources.DefaultOutputId(student);
        if (!ModelSources.IsModelId(outputId))
        {
            throw new ArgumentException($"output_model_id: '{outputId}' is not a model id (letters, digits and . _ - :, at most 128, starting with a letter or digit).");
        }
        if (request.ReplayRatio is < 0 or > 10)
        {
            throw new ArgumentException($"replay_ratio: must be from 0 to 10, not {request.ReplayRatio}.");
        }
        if (request.EvaluationLimit < 0 || request.MaxAnswerTokens is < 0 or > 8192)
        {
            throw new ArgumentException("evaluation_limit must not be negative; max_answer_tokens must be from 0 (256) to 8192.");
        }

        // A model id with a published version trains on from there: the LAB method's iteration.
        var published = await models.NewestVersionAsync(outputId, cancellationToken);
        var trainFrom = published is null ? student : outputId;
        ModelSource resolved;
        try
        {
            resolved = await models.ResolveAsync(trainFrom, cancellationToken);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException(e.Message.Replace("base_model:", "student:", StringComparison.Ordinal), e);
        }
        var replay = published is not null && !request.NoReplay ? (string?)await redis.GetDatabase().StringGetAsync(CycleKeys.Replay(outputId)) : null;

        var generationJobId = RequestIds.Derive(id, "generation");
        await redis.GetDatabase().StringSetAsync(CycleKeys.JobOwner(generationJobId), id.ToString("N"), OwnerLifetime);
        var seed = request.HasSeed ? request.Seed : 42;
        var generation = new SubmitJobRequest
        {
            Name = request.Name,
            Taxonomy = request.Taxonomy,
            Base = request.Base,
            Pipelines = { request.Pipelines },
            Teacher = request.Teacher,
            Judge = request.Judge,
            SamplesPerSeed = request.SamplesPerSeed,
            Seed = seed,
            MaxRowsPerLeaf = request.MaxRowsPerLeaf,
            Chunking = request.Chunking,
            ReplayDataset = replay ?? "",
            ReplayRatio = replay is null ? 0 : request.ReplayRatio,
            RequestId = generationJobId.ToString(),
        };
        // The generation service checks the taxonomy (files, diff); its refusal is the caller's answer, details and all.
        var job = await clients.Generation.SubmitJobAsync(generation, cancellationToken: cancellationToken);

        var planKey = CycleKeys.Plan(id);
        var plan = new CyclePlan
        {
            CycleId = id,
            Name = request.Name is { Length: > 0 } name ? name : job.Job.Name,
            RequestJson = JsonFormatter.Default.Format(WithoutKeys(request)),
            Taxonomy = TaxonomyLabel(request.Taxonomy),
            Base = request.Base is { Length: > 0 } b ? b : "origin/main",
            TrainFrom = trainFrom,
            TrainFromLabel = resolved.Label,
            OutputModelId = outputId,
            GenerationJobId = generationJobId,
            ReplayDataset = replay,
            Seed = seed,
            SubmittedAt = clock.GetUtcNow(),
        };
        await store.PutJsonAsync(planKey, plan, cancellationToken);
        await secrets.StoreAsync(id, request);
        var submitted = new CycleSubmitted
        {
            CycleId = id,
            Name = plan.Name,
            PlanKey = planKey,
            Taxonomy = plan.Taxonomy,
            Base = plan.Base,
            Student = plan.TrainFromLabel,
            OutputModelId = outputId,
            ReplayDataset = replay,
            GenerationJobId = generationJobId,
            SubmittedAt = plan.SubmittedAt,
        };
        await index.AddAsync(submitted);
        await bus.Publish(submitted, cancellationToken);
        return submitted;
    }

    private async Task<bool> IsPublishedAsync(string student, CancellationToken cancellationToken) =>
        ModelSources.IsModelId(student) && !student.StartsWith(ModelSources.ArtifactPrefix, StringComparison.Ordinal)
        && await models.NewestVersionAsync(student, cancellationToken) is not null;

    private static RunCycleRequest WithoutKeys(RunCycleRequest request)
    {
        var copy = request.Clone();
        if (copy.Teacher is not null) copy.Teacher.ApiKey = "";
        if (copy.Judge is not null) copy.Judge.ApiKey = "";
        if (copy.Taxonomy?.KindCase == TaxonomySource.KindOneofCase.Git)
        {
            copy.Taxonomy.Git.Url = Contracts.Redaction.Url(copy.Taxonomy.Git.Url);
        }
        return copy;
    }

    private static string TaxonomyLabel(TaxonomySource source) => source.KindCase == TaxonomySource.KindOneofCase.Git
        ? $"{Contracts.Redaction.Url(source.Git.Url)}@{source.Git.Ref}"
        : source.LocalPath;
}
