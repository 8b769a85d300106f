using System.Text.RegularExpressions;
using Grpc.Core;
using InstructLab.Aspire.Contracts.Generation.V1;
using InstructLab.Aspire.Contracts.Messages.Generation;
using InstructLab.Aspire.Contracts.Taxonomy.V1;
using InstructLab.Aspire.Generation.Jobs;
using InstructLab.Aspire.Generation.Pipelines;
using InstructLab.Aspire.Hosting.Endpoints;
using MassTransit;
using Microsoft.Extensions.Options;

namespace InstructLab.Aspire.Generation.Api.Jobs;

/// <summary>
/// SubmitJob: checks the request and its pipelines (a wrong file fails here, with its line), asks the taxonomy
/// service for the changed leaves and their chunks, asks the teacher which model it is, writes the plan, keeps
/// the keys, and announces the job to its state machine.
/// </summary>
public sealed partial class JobSubmitter(
    SuiteClients clients, ChatEndpointResolver endpoints, PlanStore plans, JobSecrets secrets, JobIndex index,
    IBus bus, IOptions<GenerationOptions> options, TimeProvider clock)
{
    private GenerationOptions Options => options.Value;

    public async Task<(GenerationJobSubmitted Submitted, JobPlan Plan)> SubmitAsync(SubmitJobRequest request, CancellationToken cancellationToken, Guid? id = null)
    {
        var settings = JobSettings.From(request, Options);
        var selection = Library(request).Select(settings.Pipelines);
        var teacher = await endpoints.GetAsync(request.Teacher, Options.Teacher, cancellationToken);
        var teacherOptions = endpoints.Options(request.Teacher, Options.Teacher);
        if (request.Judge is { } judge && judge.Url is not "")
        {
            endpoints.Options(judge, Options.Teacher);
        }
        var leaves = await LeavesAsync(request, settings, selection, cancellationToken);

        var jobId = id ?? NewId.NextGuid();
        var planKey = JobKeys.Plan(jobId);
        var plan = new JobPlan
        {
            JobId = jobId,
            Name = request.Name is { Length: > 0 } name ? name : DefaultName(request.Taxonomy),
            Seed = request.Seed,
            SamplesPerSeed = settings.SamplesPerSeed,
            BatchSize = settings.BatchSize,
            SystemPrompt = request.SystemPrompt is { Length: > 0 } system ? system : Options.SystemPrompt,
            Distractors = settings.Distractors,
            Teacher = JobEndpoints.FromProto(request.Teacher ?? new(), teacher.Model),
            Judge = request.Judge is null ? null : JobEndpoints.FromProto(request.Judge, request.Judge.Model),
            Pipelines = selection.Sources,
            Leaves = leaves,
            ReplayDataset = request.ReplayDataset is { Length: > 0 } replay ? replay : null,
            ReplayRatio = settings.ReplayRatio,
            MmluBranchPerChunk = settings.MmluBranchPerChunk,
            TaxonomySource = request.Taxonomy.KindCase == TaxonomySource.KindOneofCase.Git
                ? $"{request.Taxonomy.Git.Url}@{request.Taxonomy.Git.Ref}"
                : request.Taxonomy.LocalPath,
            TaxonomyBase = settings.Base,
            SubmittedAt = clock.GetUtcNow(),
        };
        await plans.WriteAsync(planKey, plan, cancellationToken);
        await secrets.StoreAsync(jobId, request.Teacher?.Url is { Length: > 0 } ? request.Teacher.ApiKey : "", request.Judge?.Url is { Length: > 0 } ? request.Judge.ApiKey : "");
        var submitted = new GenerationJobSubmitted
        {
            JobId = jobId,
            Name = plan.Name,
            PlanKey = planKey,
            Leaves = [.. leaves.Select(l => new PlannedLeaf { Index = l.Index, Name = l.Name, Kind = l.Kind, Pipeline = l.Pipeline, Rows = l.Rows, Batches = l.Batches })],
            Seed = plan.Seed,
            TeacherModel = teacher.Model,
            TeacherUrl = teacherOptions.DisplayUrl,
            SubmittedAt = plan.SubmittedAt,
            BatchTimeLimit = settings.BatchTimeLimit,
        };
        // Listed only once announced: a broker that refuses the message leaves no job that never runs.
        await bus.Publish(submitted, cancellationToken);
        await index.AddAsync(submitted);
        GenerationTelemetry.Jobs.Add(1);
        return (submitted, plan);
    }

    private PipelineLibrary Library(SubmitJobRequest request)
    {
        var inline = request.PipelineFiles.Select((file, i) =>
        {
            if (!PipelineName().IsMatch(file.Name))
            {
                throw new ArgumentException($"pipeline_files[{i}].name '{file.Name}' must be letters, digits, '-' and '_' (at most 64)");
            }
            return new PipelineSource(file.Name, $"{file.Name}.yaml", file.Yaml);
        }).ToList();
        return new PipelineLibrary(PipelineLibrary.Builtins, PipelineLibrary.FromDirectory(Options.PipelineDirectory), inline);
    }

    private async Task<List<PlanLeaf>> LeavesAsync(SubmitJobRequest request, JobSettings settings, PipelineSelection selection, CancellationToken cancellationToken)
    {
        var leaves = new List<PlanLeaf>();
        using var call = clients.Taxonomy.GetLeaves(new GetLeavesRequest
        {
            Source = request.Taxonomy,
            Base = settings.Base,
            IncludeChunks = true,
            Chunking = request.Chunking,
        }, cancellationToken: cancellationToken);
        try
        {
            await foreach (var leaf in call.ResponseStream.ReadAllAsync(cancellationToken))
            {
                leaves.Add(Plan(leaf, leaves.Count, settings, selection));
            }
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
        {
            throw new UpstreamException("taxonomy service", e);
        }
        if (leaves.Count == 0)
        {
            throw new ArgumentException($"taxonomy: no leaf changed since base '{settings.Base}' (use base 'empty' for every leaf)");
        }
        var rows = leaves.Sum(l => l.Rows);
        return rows <= Options.MaxRowsPerJob
            ? leaves
            : throw new ArgumentException($"taxonomy: the job has {rows} input rows; at most {Options.MaxRowsPerJob} (Generation:MaxRowsPerJob; set max_rows_per_leaf)");
    }

    private static PlanLeaf Plan(Leaf leaf, int index, JobSettings settings, PipelineSelection selection)
    {
        var kind = LeafKind(leaf.Kind);
        var pipeline = selection.For(kind)
            ?? throw new ArgumentException($"pipelines: leaf {leaf.Name} is a {kind} leaf and none of [{string.Join(", ", selection.Pipelines.Select(p => p.Name))}] applies to it");
        var planned = new PlanLeaf
        {
            Index = index,
            Name = leaf.Name,
            Path = leaf.Path,
            Kind = kind,
            Pipeline = pipeline.Name,
            TaskDescription = leaf.TaskDescription,
            Domain = leaf.Domain,
            DocumentOutline = leaf.DocumentOutline,
            SeedExamples = [.. leaf.SeedExamples.Select(s => new PlanSeedExample(s.Context, [.. s.QuestionsAndAnswers.Select(qa => new PlanQuestionAnswer(qa.Question, qa.Answer))]))],
            Chunks = [.. leaf.Chunks.Select(c => new PlanChunk(c.Text, c.SourceFile, c.Repo, c.Commit, c.Index, c.Start, c.End, c.Section))],
            Rows = 0,
            Batches = 0,
        };
        var available = LeafRows.Count(planned);
        var rows = settings.MaxRowsPerLeaf > 0 ? Math.Min(available, settings.MaxRowsPerLeaf) : available;
        if (rows == 0)
        {
            throw new ArgumentException($"taxonomy: leaf {leaf.Name} has no {(kind == LeafKinds.Knowledge ? "document chunks" : "seed examples")} to generate from");
        }
        return planned with { Rows = rows, Batches = (rows + settings.BatchSize - 1) / settings.BatchSize };
    }

    private static string LeafKind(LeafKind kind) => kind switch
    {
        Contracts.Taxonomy.V1.LeafKind.Knowledge => LeafKinds.Knowledge,
        Contracts.Taxonomy.V1.LeafKind.GroundedSkill => LeafKinds.GroundedSkill,
        Contracts.Taxonomy.V1.LeafKind.FoundationalSkill => LeafKinds.FoundationalSkill,
        _ => LeafKinds.FreeformSkill,
    };

    private static string DefaultName(TaxonomySource source)
    {
        var path = source.KindCase == TaxonomySource.KindOneofCase.Git ? source.Git.Url : source.LocalPath;
        return path.TrimEnd('/').Split('/', '\\', ':').LastOrDefault(p => p.Length > 0)?.Replace(".git", "", StringComparison.Ordinal) ?? "taxonomy";
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex PipelineName();
}
