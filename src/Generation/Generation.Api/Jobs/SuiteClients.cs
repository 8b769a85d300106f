using Grpc.Net.Client;
using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Contracts.Judging.V1;
using InstructLab.Aspire.Contracts.Security;
using InstructLab.Aspire.Contracts.Taxonomy.V1;
using InstructLab.Aspire.Hosting.Endpoints;

namespace InstructLab.Aspire.Generation.Api.Jobs;

/// <summary>
/// The taxonomy and judging services over gRPC, one channel each. Plain channels without the HttpClient defaults'
/// total timeout: reading a large taxonomy or judging a large batch takes longer than an ordinary request.
/// </summary>
public sealed class SuiteClients(IConfiguration configuration) : IDisposable
{
    private readonly Lazy<GrpcChannel> taxonomy = new(() => Channel(configuration, ResourceNames.Taxonomy, configuration["Generation:TaxonomyUrl"]));
    private readonly Lazy<GrpcChannel> judging = new(() => Channel(configuration, ResourceNames.Judging, configuration["Generation:JudgingUrl"]));

    public TaxonomyService.TaxonomyServiceClient Taxonomy => new(taxonomy.Value);

    public JudgingService.JudgingServiceClient Judging => new(judging.Value);

    public void Dispose()
    {
        foreach (var channel in new[] { taxonomy, judging }.Where(c => c.IsValueCreated))
        {
            channel.Value.Dispose();
        }
    }

    private static GrpcChannel Channel(IConfiguration configuration, string service, string? configured) =>
        SuiteApiKey.Channel(SuiteServiceAddress.Resolve(configuration, service, "grpc", configured), configuration[SuiteApiKey.Setting], new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) },
            MaxReceiveMessageSize = 64 * 1024 * 1024,
        });
}
