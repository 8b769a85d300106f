using Grpc.Core;
using Grpc.Core.Interceptors;
using InstructLab.Aspire.ChatClients;

namespace InstructLab.Aspire.Judging.Api.Grpc;

/// <summary>Failures translated once, at the edge: the caller's mistakes are INVALID_ARGUMENT, a failing judge UNAVAILABLE.</summary>
public sealed class JudgingErrors : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (Translate(e) is { } status)
        {
            throw status;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception e) when (Translate(e) is { } status)
        {
            throw status;
        }
    }

    public static RpcException? Translate(Exception e) => e switch
    {
        JudgeException or ArgumentException => new RpcException(new Status(StatusCode.InvalidArgument, e.Message)),
        ChatEndpointException => new RpcException(new Status(StatusCode.Unavailable, e.Message)),
        _ => null,
    };
}
