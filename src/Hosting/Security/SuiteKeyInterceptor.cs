using Grpc.Core;
using Grpc.Core.Interceptors;
using InstructLab.Aspire.Contracts.Security;
using Microsoft.Extensions.Configuration;

namespace InstructLab.Aspire.Hosting.Security;

/// <summary>
/// Refuses every gRPC call without the suite's API key (<see cref="SuiteApiKey.Setting"/>) with UNAUTHENTICATED,
/// GetInfo included; without a configured key (a service run alone on loopback, see <see cref="SuiteKeyCheck"/>)
/// calls are not checked.
/// </summary>
public sealed class SuiteKeyInterceptor(IConfiguration configuration) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(requestStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Check(ServerCallContext context)
    {
        if (configuration[SuiteApiKey.Setting] is not { Length: > 0 } key || SuiteApiKey.Matches(context.RequestHeaders.GetValue("authorization"), key))
        {
            return;
        }
        throw new RpcException(new Status(StatusCode.Unauthenticated,
            "this service takes calls only with the suite's API key (authorization: Bearer KEY); lab finds it in the AppHost's user secrets "
            + $"(Parameters:{SuiteApiKey.ParameterName}) or in LAB_SUITE_API_KEY"));
    }
}
