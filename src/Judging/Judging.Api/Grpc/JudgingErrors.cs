using Grpc.Core;
using InstructLab.Aspire.ChatClients;
using InstructLab.Aspire.Evaluations;
using InstructLab.Aspire.Hosting.Grpc;
using InstructLab.Aspire.Judging.Api.Evaluations;

namespace InstructLab.Aspire.Judging.Api.Grpc;

/// <summary>
/// Failures translated once, at the edge: the caller's mistakes are INVALID_ARGUMENT, an endpoint that refuses the
/// key or answers that the model does not exist FAILED_PRECONDITION, a failing judge or model UNAVAILABLE.
/// </summary>
public sealed class JudgingErrors : ErrorTranslation
{
    protected override RpcException? Translate(Exception e) => e switch
    {
        JudgeException or EvaluationDataException or ArgumentException => new RpcException(new Status(StatusCode.InvalidArgument, e.Message)),
        EndpointCheckException { Unreachable: true } => new RpcException(new Status(StatusCode.Unavailable, e.Message)),
        EndpointCheckException => new RpcException(new Status(StatusCode.FailedPrecondition, e.Message)),
        ChatEndpointException { IsCallersMistake: true } => new RpcException(new Status(StatusCode.FailedPrecondition, e.Message)),
        ChatEndpointException => new RpcException(new Status(StatusCode.Unavailable, e.Message)),
        _ => null,
    };
}
