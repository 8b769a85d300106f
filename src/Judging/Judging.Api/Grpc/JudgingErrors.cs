using Grpc.Core;
using InstructLab.Aspire.ChatClients;
using InstructLab.Aspire.Hosting.Grpc;

namespace InstructLab.Aspire.Judging.Api.Grpc;

/// <summary>Failures translated once, at the edge: the caller's mistakes are INVALID_ARGUMENT, a failing judge UNAVAILABLE.</summary>
public sealed class JudgingErrors : ErrorTranslation
{
    protected override RpcException? Translate(Exception e) => e switch
    {
        JudgeException or ArgumentException => new RpcException(new Status(StatusCode.InvalidArgument, e.Message)),
        ChatEndpointException => new RpcException(new Status(StatusCode.Unavailable, e.Message)),
        _ => null,
    };
}
