using Grpc.Core;
using Grpc.Core.Interceptors;

namespace InstructLab.Aspire.Hosting.Grpc;

/// <summary>
/// A service's failures translated once, at the edge: what <see cref="Translate"/> maps becomes that status (the
/// caller's mistakes INVALID_ARGUMENT with the reason, a failing dependency UNAVAILABLE); everything else is left to
/// gRPC (INTERNAL, without details).
/// </summary>
public abstract class ErrorTranslation : Interceptor
{
    /// <summary>The status for an exception, or null to let it pass.</summary>
    protected abstract RpcException? Translate(Exception e);

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

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
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
}
