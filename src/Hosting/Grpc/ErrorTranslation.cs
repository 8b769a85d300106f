using Grpc.Core;
using Grpc.Core.Interceptors;

namespace InstructLab.Aspire.Hosting.Grpc;

/// <summary>
/// A service's failures translated once, at the edge: what <see cref="Translate"/> maps becomes that status (the
/// caller's mistakes INVALID_ARGUMENT with the reason, a failing dependency UNAVAILABLE); everything else is left to
/// gRPC (INTERNAL, without details). A status message longer than <see cref="MaxDetail"/> characters is cut (it travels
/// in a header, and a request that quotes 100 KB of its own input would otherwise break the answer).
/// </summary>
public abstract class ErrorTranslation : Interceptor
{
    public const int MaxDetail = 2000;

    /// <summary>The status for an exception, or null to let it pass.</summary>
    protected abstract RpcException? Translate(Exception e);

    /// <summary>The status to answer with instead of <paramref name="e"/>, or null to let it pass as it is.</summary>
    private RpcException? Answer(Exception e) => e switch
    {
        RpcException { Status.Detail.Length: > MaxDetail } rpc => Shorten(rpc),
        RpcException => null,
        _ => Translate(e) is { } translated ? Shorten(translated) : null,
    };

    private static RpcException Shorten(RpcException e) => e.Status.Detail.Length <= MaxDetail
        ? e
        : new RpcException(new Status(e.StatusCode, $"{e.Status.Detail[..MaxDetail]}… ({e.Status.Detail.Length - MaxDetail:N0} more characters)"), e.Trailers);

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (Answer(e) is { } status)
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
        catch (Exception e) when (Answer(e) is { } status)
        {
            throw status;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception e) when (Answer(e) is { } status)
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
        catch (Exception e) when (Answer(e) is { } status)
        {
            throw status;
        }
    }
}
