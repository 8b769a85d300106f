using Grpc.Net.Client;
using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Contracts.Generation.V1;
using InstructLab.Aspire.Contracts.Judging.V1;
using InstructLab.Aspire.Contracts.Security;
using InstructLab.Aspire.Hosting.Endpoints;

namespace InstructLab.Aspire.Training.Api.Jobs;

/// <summary>The services training calls: generation (datasets, a cycle's data) and judging (a cycle's evaluations), found as the suite's other clients are.</summary>
public sealed class SuiteClients(IConfiguration configuration) : IDisposable
{
    private readonly Lazy<GrpcChannel> generation = new(() =>
        SuiteApiKey.Channel(SuiteServiceAddress.Resolve(configuration, ResourceNames.Generation, "grpc", configuration["Training:GenerationUrl"]), configuration[SuiteApiKey.Setting]));

    private readonly Lazy<GrpcChannel> judging = new(() =>
        SuiteApiKey.Channel(SuiteServiceAddress.Resolve(configuration, ResourceNames.Judging, "grpc", configuration["Training:JudgingUrl"]), configuration[SuiteApiKey.Setting]));

    public GenerationService.GenerationServiceClient Generation => new(generation.Value);

    public EvaluationService.EvaluationServiceClient Evaluation => new(judging.Value);

    public void Dispose()
    {
        foreach (var channel in new[] { generation, judging }.Where(c => c.IsValueCreated))
        {
            channel.Value.Dispose();
        }
    }
}
