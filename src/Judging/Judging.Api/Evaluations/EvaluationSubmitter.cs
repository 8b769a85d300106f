using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.ChatClients;
using InstructLab.Aspire.Contracts.Judging.V1;
using InstructLab.Aspire.Contracts.Messages.Evaluation;
using InstructLab.Aspire.Contracts.Suite.V1;
using InstructLab.Aspire.Evaluations;
using InstructLab.Aspire.Evaluations.Data;
using InstructLab.Aspire.Evaluations.Items;
using MassTransit;
using Microsoft.Extensions.Options;

namespace InstructLab.Aspire.Judging.Api.Evaluations;

/// <summary>
/// Accepts an evaluation: checks the request, reads its data into items, checks that the model, base model and
/// judge answer and serve the named models, then stores the plan and items, keeps the keys in Redis, and announces
/// the evaluation. Nothing is stored for a request that is refused.
/// </summary>
public sealed class EvaluationSubmitter(
    IArtifactStore store, EvaluationPlans plans, EvaluationSecrets secrets, EvaluationIndex index, EvaluationEndpointFactory endpoints,
    TaxonomyClient taxonomy, IBus bus, TimeProvider clock, IOptions<EvaluationOptions> options)
{
    private EvaluationOptions Options => options.Value;

    public async Task<EvaluationSubmitted> SubmitAsync(RunEvaluationRequest request, CancellationToken cancellationToken, Guid? evaluationId = null)
    {
        var benchmark = Benchmarks.Check(request.Benchmark);
        var settings = request.Options ?? new Contracts.Judging.V1.EvaluationOptions();
        var (fewShots, mode) = (settings.HasFewShots ? settings.FewShots : 5, settings.Mode is "" ? MmluPrompts.Plain : settings.Mode);
        Check(settings.Limit >= 0, "options.limit", $"must not be negative, not {settings.Limit}");
        Check(settings.BatchSize is >= 0 and <= 1000, "options.batch_size", $"must be from 0 (the default) to 1000, not {settings.BatchSize}");
        Check(settings.MaxAnswerTokens is >= 0 and <= 8192, "options.max_answer_tokens", $"must be from 0 (1024) to 8192, not {settings.MaxAnswerTokens}");
        Check(settings.WorstItems is >= 0 and <= 1000, "options.worst_items", $"must be from 0 (10) to 1000, not {settings.WorstItems}");
        Check(request.Model is { Model.Length: > 0 }, "model.model", "name the model under test (a served model id, or the model of the endpoint at model.url)");
        Check(!Benchmarks.IsBranch(benchmark) || request.BaseModel is { Model.Length: > 0 }, "base_model.model", $"{benchmark} compares the model with its base model; name it");

        var files = benchmark == Benchmarks.MtBenchBranch ? null : await DataAsync(request, cancellationToken);
        var items = files is null
            ? BranchQuestions.Items(await taxonomy.ChangedSkillLeavesAsync(request.Taxonomy, request.Base, cancellationToken), settings.Limit)
            : BenchmarkItems.Read(benchmark, files, new BenchmarkItems.Options(fewShots, mode, [.. settings.Subjects], settings.Limit));
        Check(items.Count <= Options.MaxItems, "data", $"holds {items.Count} items; at most {Options.MaxItems} per evaluation (Judging:Evaluation:MaxItems; use options.limit)");

        var model = await CheckModelAsync(request.Model!, "model", endpoints.ModelOptions(request.Model!), cancellationToken);
        var baseModel = Benchmarks.IsBranch(benchmark) ? await CheckModelAsync(request.BaseModel!, "base_model", endpoints.ModelOptions(request.BaseModel!), cancellationToken) : null;
        var judge = Benchmarks.NeedsJudge(benchmark) ? await CheckJudgeAsync(request.Judge ?? new ChatEndpoint(), cancellationToken) : null;

        var id = evaluationId ?? Guid.NewGuid();
        var batchSize = settings.BatchSize > 0 ? settings.BatchSize : Benchmarks.IsMultipleChoice(benchmark) ? Options.ChoiceBatchSize : Options.JudgedBatchSize;
        var plan = new EvaluationPlan
        {
            Id = id,
            Name = request.Name is { Length: > 0 } name ? name : $"{benchmark} {model.Model}",
            Benchmark = benchmark,
            Mode = benchmark is Benchmarks.Mmlu or Benchmarks.MmluBranch ? mode : "",
            FewShots = benchmark == Benchmarks.Mmlu ? fewShots : 0,
            Model = model,
            BaseModel = baseModel,
            Judge = judge,
            BatchSize = batchSize,
            Seed = settings.Seed,
            MaxAnswerTokens = settings.MaxAnswerTokens > 0 ? settings.MaxAnswerTokens : 1024,
            WorstItems = settings.WorstItems > 0 ? settings.WorstItems : 10,
            Data = files?.Hashes() ?? [],
            Items = items.Count,
            ItemsKey = EvaluationKeys.Items(id),
            SubmittedAt = clock.GetUtcNow(),
        };
        await plans.WriteAsync(plan, items, cancellationToken);
        await secrets.StoreAsync(id, request.Model!.Url is "" ? "" : request.Model.ApiKey,
            request.BaseModel is { Url.Length: > 0 } b ? b.ApiKey : "", request.Judge is { Url.Length: > 0 } j ? j.ApiKey : "");
        var submitted = new EvaluationSubmitted
        {
            EvaluationId = id,
            Name = plan.Name,
            Benchmark = benchmark,
            Metric = plan.Metric,
            PlanKey = EvaluationKeys.Plan(id),
            Items = plan.Items,
            Batches = plan.Batches,
            Model = model.Model,
            ModelUrl = model.Url,
            BaseModel = baseModel?.Model ?? "",
            JudgeModel = judge?.Model ?? "",
            SubmittedAt = plan.SubmittedAt,
        };
        await index.AddAsync(submitted);
        await bus.Publish(submitted, cancellationToken);
        return submitted;
    }

    /// <summary>The request's files, inline or from the artifact store, within the size limit.</summary>
    private async Task<DataFiles> DataAsync(RunEvaluationRequest request, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        long total = 0;
        for (var i = 0; i < request.Data.Count; i++)
        {
            var file = request.Data[i];
            var field = $"data[{i}]";
            Check(file.Path is { Length: > 0 } && !file.Path.Split('/', '\\').Contains(".."), $"{field}.path", $"'{file.Path}' must be a relative path without '..'");
            Check(!files.ContainsKey(file.Path), $"{field}.path", $"'{file.Path}' is given twice");
            byte[] bytes;
            switch (file.SourceCase)
            {
                case DataFile.SourceOneofCase.Content:
                    bytes = file.Content.ToByteArray();
                    break;
                case DataFile.SourceOneofCase.ArtifactKey:
                    var info = await store.StatAsync(file.ArtifactKey, cancellationToken)
                        ?? throw new EvaluationDataException($"{field}.artifact_key", $"no artifact '{file.ArtifactKey}' in the artifact store");
                    Check(total + info.Size <= Options.MaxDataBytes, $"{field}.artifact_key", $"'{file.ArtifactKey}' has {info.Size} bytes; the data may have {Options.MaxDataBytes} in all (Judging:Evaluation:MaxDataBytes)");
                    bytes = await store.ReadBytesAsync(file.ArtifactKey, cancellationToken);
                    break;
                default:
                    throw new EvaluationDataException(field, "give the file's content or its artifact_key");
            }
            total += bytes.LongLength;
            Check(total <= Options.MaxDataBytes, field, $"the data passes {Options.MaxDataBytes} bytes (Judging:Evaluation:MaxDataBytes)");
            files[file.Path] = bytes;
        }
        return new DataFiles(files);
    }

    /// <summary>The prefix of a model id that names a GGUF in the artifact store: the suite's serving loads it unlisted.</summary>
    public const string ArtifactModelPrefix = "artifact:";

    private async Task<PlanModel> CheckModelAsync(ChatEndpoint requested, string field, ChatEndpointOptions resolved, CancellationToken cancellationToken)
    {
        if (requested.Url is "" && resolved.Model.StartsWith(ArtifactModelPrefix, StringComparison.Ordinal))
        {
            var key = resolved.Model[ArtifactModelPrefix.Length..];
            return await store.StatAsync(key, cancellationToken) is not null
                ? EvaluationEndpointFactory.FromProto(requested, resolved)
                : throw new EvaluationDataException($"{field}.model", $"no artifact '{key}' in the artifact store to evaluate");
        }
        IReadOnlyList<string> listed;
        try
        {
            listed = await EndpointModels.ListAsync(resolved, cancellationToken);
        }
        catch (ChatEndpointException e)
        {
            throw new EndpointCheckException(field, e.Message, e);
        }
        return listed.Contains(resolved.Model, StringComparer.Ordinal)
            ? EvaluationEndpointFactory.FromProto(requested, resolved)
            : throw new EvaluationDataException($"{field}.model",
                $"'{resolved.Model}' is not served at {resolved.DisplayUrl}; it serves {(listed.Count == 0 ? "no model" : string.Join(", ", listed.Take(20)))}");
    }

    private async Task<PlanModel> CheckJudgeAsync(ChatEndpoint requested, CancellationToken cancellationToken)
    {
        var resolved = endpoints.JudgeOptions(requested);
        if (resolved.Model is "")
        {
            try
            {
                resolved = resolved with { Model = await EndpointModels.ChooseAsync(resolved, cancellationToken) };
            }
            catch (ChatEndpointException e)
            {
                throw new EndpointCheckException("judge", e.Message, e);
            }
        }
        return await CheckModelAsync(requested, "judge", resolved, cancellationToken);
    }

    private static void Check(bool condition, string field, string problem)
    {
        if (!condition)
        {
            throw new EvaluationDataException(field, problem);
        }
    }
}
