using InstructLab.Aspire.ChatClients;
using InstructLab.Aspire.Contracts.Suite.V1;
using InstructLab.Aspire.Evaluations;
using InstructLab.Aspire.Hosting.Endpoints;
using Microsoft.Extensions.Options;

namespace InstructLab.Aspire.Judging.Api.Evaluations;

/// <summary>
/// An evaluation's endpoints as its plan names them, with the keys kept in Redis for it: the model under test and
/// the base model (the suite's serving unless a URL is given, with the suite's key only then), and the judge (the
/// service's configured judge unless a URL is given).
/// </summary>
public sealed class EvaluationEndpointFactory(
    ChatEndpointResolver resolver, ScoringEndpoints scorers, EvaluationSecrets secrets, IOptions<JudgingOptions> judging, IOptions<EvaluationOptions> evaluation)
{
    public async Task<EvaluationEndpoints> ForAsync(EvaluationPlan plan, CancellationToken cancellationToken)
    {
        var (modelKey, baseKey, judgeKey) = await secrets.ReadAsync(plan.Id);
        var multipleChoice = Benchmarks.IsMultipleChoice(plan.Benchmark);
        var model = ModelOptions(ToProto(plan.Model, modelKey));
        var baseModel = plan.BaseModel is { } b ? ModelOptions(ToProto(b, baseKey)) : null;
        return new EvaluationEndpoints(
            Scorer: multipleChoice ? scorers.Get(model) : null,
            BaseScorer: multipleChoice && baseModel is not null ? scorers.Get(baseModel) : null,
            Model: multipleChoice ? null : await resolver.GetAsync(ToProto(plan.Model, modelKey), evaluation.Value.Serving, cancellationToken),
            BaseModel: multipleChoice || plan.BaseModel is null ? null : await resolver.GetAsync(ToProto(plan.BaseModel, baseKey), evaluation.Value.Serving, cancellationToken),
            Judge: plan.Judge is { } judge ? await resolver.GetAsync(ToProto(judge, judgeKey), judging.Value.Judge, cancellationToken) : null);
    }

    /// <summary>The options of a model under test (or base model): the request's endpoint over the suite's serving.</summary>
    public ChatEndpointOptions ModelOptions(ChatEndpoint endpoint) => resolver.Options(endpoint, evaluation.Value.Serving);

    public ChatEndpointOptions JudgeOptions(ChatEndpoint endpoint) => resolver.Options(endpoint, judging.Value.Judge);

    public static ChatEndpoint ToProto(PlanModel model, string apiKey) => new()
    {
        Url = model.Url,
        Model = model.Model,
        ApiKey = apiKey,
        MaxConcurrency = model.MaxConcurrency,
        StructuredOutput = StructuredOutputNames.Parse(model.StructuredOutput),
    };

    public static PlanModel FromProto(ChatEndpoint endpoint, ChatEndpointOptions resolved) => new()
    {
        Url = endpoint.Url is "" ? "" : resolved.DisplayUrl,
        Model = resolved.Model,
        MaxConcurrency = endpoint.MaxConcurrency,
        StructuredOutput = StructuredOutputNames.Name(endpoint.StructuredOutput),
    };
}
