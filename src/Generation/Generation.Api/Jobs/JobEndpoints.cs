using InstructLab.Aspire.ChatClients;
using InstructLab.Aspire.Contracts.Security;
using InstructLab.Aspire.Contracts.Suite.V1;
using InstructLab.Aspire.Generation.Jobs;
using InstructLab.Aspire.Generation.Pipelines;
using InstructLab.Aspire.Hosting.Endpoints;
using Microsoft.Extensions.Options;

namespace InstructLab.Aspire.Generation.Api.Jobs;

/// <summary>A job's teacher and judge as its plan names them, with the keys kept in Redis for it.</summary>
public sealed class JobEndpoints(ChatEndpointResolver resolver, SuiteClients clients, JobSecrets secrets, IOptions<GenerationOptions> options)
{
    public async Task<(IChatEndpoint Teacher, IJudge? Judge)> ForAsync(Guid jobId, LoadedPlan loaded, CancellationToken cancellationToken)
    {
        var (teacherKey, judgeKey) = await secrets.ReadAsync(jobId);
        var teacher = await resolver.GetAsync(ToProto(loaded.Plan.Teacher, teacherKey), options.Value.Teacher, cancellationToken);
        var needsJudge = loaded.Pipelines.Values.Any(p => p.AllBlocks.Any(b => b.Type == "judge"))
            || (loaded.Plan.MmluBranchPerChunk > 0 && loaded.Plan.Leaves.Any(l => l.Kind == LeafKinds.Knowledge));
        var judge = needsJudge
            ? new GrpcJudge(clients.Judging, loaded.Plan.Judge is { } planned ? ToProto(planned, judgeKey) : null, loaded.Plan.Seed, options.Value.JudgeBatchSize)
            : null;
        return (teacher, judge);
    }

    public static ChatEndpoint ToProto(PlanEndpoint endpoint, string apiKey) => new()
    {
        Url = endpoint.Url,
        Model = endpoint.Model,
        ApiKey = apiKey,
        MaxConcurrency = endpoint.MaxConcurrency,
        StructuredOutput = StructuredOutputNames.Parse(endpoint.StructuredOutput),
    };

    /// <summary>The endpoint as the plan keeps it: its URL without credentials or query (see <see cref="OutboundUrls.Redact"/>).</summary>
    public static PlanEndpoint FromProto(ChatEndpoint endpoint, string model) => new()
    {
        Url = endpoint.Url is "" ? "" : OutboundUrls.Redact(endpoint.Url),
        Model = model,
        MaxConcurrency = endpoint.MaxConcurrency,
        StructuredOutput = StructuredOutputNames.Name(endpoint.StructuredOutput),
    };
}
