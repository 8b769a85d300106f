using Grpc.Core;
using InstructLab.Aspire.ChatClients;
using InstructLab.Aspire.Generation.Api.Jobs;
using InstructLab.Aspire.Generation.Pipelines;
using InstructLab.Aspire.Hosting.Grpc;

namespace InstructLab.Aspire.Generation.Api.Grpc;

/// <summary>
/// Failures translated once, at the edge: a wrong request or pipeline file is INVALID_ARGUMENT (with the file, line
/// and reason), a teacher that cannot be reached UNAVAILABLE; the taxonomy service's errors pass on with their
/// status and details.
/// </summary>
public sealed class GenerationErrors : ErrorTranslation
{
    protected override RpcException? Translate(Exception e) => e switch
    {
        PipelineException or ArgumentException => new RpcException(new Status(StatusCode.InvalidArgument, e.Message)),
        ChatEndpointException { IsCallersMistake: true } => new RpcException(new Status(StatusCode.FailedPrecondition, $"teacher: {e.Message}")),
        ChatEndpointException => new RpcException(new Status(StatusCode.Unavailable, $"teacher: {e.Message}")),
        UpstreamException upstream => new RpcException(new Status(upstream.Call.StatusCode, upstream.Message), Details(upstream.Call.Trailers)),
        _ => null,
    };

    /// <summary>The status details (e.g. the taxonomy's diagnostics) of a failed call, to pass on.</summary>
    private static Metadata Details(Metadata trailers)
    {
        var details = new Metadata();
        foreach (var entry in trailers.Where(t => t.Key == "grpc-status-details-bin"))
        {
            details.Add(entry);
        }
        return details;
    }
}
