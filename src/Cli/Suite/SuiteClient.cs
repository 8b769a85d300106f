using Grpc.Core;
using Grpc.Net.Client;
using Google.Protobuf;
using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Contracts.Generation.V1;
using InstructLab.Aspire.Contracts.Judging.V1;
using InstructLab.Aspire.Contracts.Security;
using InstructLab.Aspire.Contracts.Suite.V1;
using InstructLab.Aspire.Contracts.Taxonomy.V1;
using InstructLab.Aspire.Contracts.Training.V1;

namespace InstructLab.Aspire.Cli.Suite;

/// <summary>
/// lab's clients of the suite: gRPC for taxonomy, generation, judging and training (with the suite's API key,
/// <see cref="AppHostSecrets.SuiteApiKey"/>); HTTP for serving.
/// </summary>
internal sealed class SuiteClient(IReadOnlyDictionary<string, ServiceAddress> addresses) : IDisposable
{
    private readonly string? apiKey = AppHostSecrets.SuiteApiKey();
    private readonly Dictionary<string, GrpcChannel> channels = [];
    private readonly HttpClient http = new();

    public IReadOnlyDictionary<string, ServiceAddress> Addresses => addresses;

    public async Task<ServiceInfo> GetInfoAsync(string service, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        var request = new GetInfoRequest();
        return service switch
        {
            ResourceNames.Taxonomy => await new TaxonomyService.TaxonomyServiceClient(Channel(service)).GetInfoAsync(request, deadline: deadline, cancellationToken: cancellationToken),
            ResourceNames.Generation => await new GenerationService.GenerationServiceClient(Channel(service)).GetInfoAsync(request, deadline: deadline, cancellationToken: cancellationToken),
            ResourceNames.Judging => await new JudgingService.JudgingServiceClient(Channel(service)).GetInfoAsync(request, deadline: deadline, cancellationToken: cancellationToken),
            ResourceNames.Training => await new TrainingService.TrainingServiceClient(Channel(service)).GetInfoAsync(request, deadline: deadline, cancellationToken: cancellationToken),
            ResourceNames.Serving => await GetServingInfoAsync(timeout, cancellationToken),
            _ => throw new LabException($"'{service}' is not a service of the suite."),
        };
    }

    /// <summary>The judging service's evaluations API.</summary>
    public EvaluationService.EvaluationServiceClient Evaluation => new(Channel(ResourceNames.Judging));

    /// <summary>The generation service's jobs API.</summary>
    public GenerationService.GenerationServiceClient Generation => new(Channel(ResourceNames.Generation));

    /// <summary>The training service's jobs API.</summary>
    public TrainingService.TrainingServiceClient Training => new(Channel(ResourceNames.Training));

    /// <summary>LAB cycles: the training service runs them.</summary>
    public CycleService.CycleServiceClient Cycles => new(Channel(ResourceNames.Training));

    public void Dispose()
    {
        foreach (var channel in channels.Values)
        {
            channel.Dispose();
        }
        http.Dispose();
    }

    private async Task<ServiceInfo> GetServingInfoAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var json = await http.GetStringAsync(new Uri(Address(ResourceNames.Serving), "/info"), deadline.Token);
        return JsonParser.Default.Parse<ServiceInfo>(json);
    }

    private GrpcChannel Channel(string service)
    {
        if (!channels.TryGetValue(service, out var channel))
        {
            // Evaluation data goes inline with the request (up to the judging service's 64 MiB).
            channel = SuiteApiKey.Channel(Address(service), apiKey, new GrpcChannelOptions { MaxSendMessageSize = 64 * 1024 * 1024 });
            channels[service] = channel;
        }
        return channel;
    }

    private Uri Address(string service) =>
        addresses.TryGetValue(service, out var address) ? address.Url : throw new LabException($"No address for '{service}'.");

    /// <summary>A one-line reason for a failed call, without stack traces.</summary>
    public static string Describe(Exception e) => e switch
    {
        RpcException rpc => $"{rpc.StatusCode}: {rpc.Status.DebugException?.InnerException?.Message ?? rpc.Status.Detail}",
        TaskCanceledException or OperationCanceledException => "no answer in time",
        HttpRequestException http => http.Message,
        _ => e.Message,
    };
}
