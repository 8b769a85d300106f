using Grpc.Core;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Hosting.Grpc;

namespace InstructLab.Aspire.Training.Api.Grpc;

/// <summary>A wrong request is INVALID_ARGUMENT naming the field, an unknown model NOT_FOUND; an unreachable artifact store or generation service UNAVAILABLE.</summary>
public sealed class TrainingErrors : ErrorTranslation
{
    protected override RpcException? Translate(Exception e) => e switch
    {
        ArgumentException or TrainingInputException => new RpcException(new Status(StatusCode.InvalidArgument, e.Message)),
        KeyNotFoundException => new RpcException(new Status(StatusCode.NotFound, e.Message)),
        ArtifactStoreException => new RpcException(new Status(StatusCode.Unavailable, $"artifact store: {e.Message}")),
        HttpRequestException => new RpcException(new Status(StatusCode.Unavailable, e.Message)),
        _ => null,
    };
}
