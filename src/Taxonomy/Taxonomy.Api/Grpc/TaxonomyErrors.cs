using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Core.Interceptors;
using InstructLab.Aspire.Taxonomy.Api.Leaves;
using InstructLab.Aspire.Taxonomy.Documents;
using InstructLab.Aspire.Taxonomy.Git;

namespace InstructLab.Aspire.Taxonomy.Api.Grpc;

/// <summary>
/// Translates failures once, at the edge: what the caller got wrong becomes INVALID_ARGUMENT with the reason (and, for
/// invalid taxonomy files, every diagnostic as a ValidateResponse in the status details).
/// </summary>
public sealed class TaxonomyErrors : Interceptor
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

    private static RpcException? Translate(Exception e) => e switch
    {
        InvalidTaxonomyException invalid => new Google.Rpc.Status
        {
            Code = (int)StatusCode.InvalidArgument,
            Message = invalid.Message,
            Details = { Any.Pack(invalid.Report.ToProto()) },
        }.ToRpcException(),
        DocumentException or GitException or ArgumentException or DirectoryNotFoundException =>
            new RpcException(new Status(StatusCode.InvalidArgument, e.Message)),
        InvalidOperationException when e.Message.StartsWith("The tokenizer at", StringComparison.Ordinal) =>
            new RpcException(new Status(StatusCode.Unavailable, e.Message)),
        _ => null,
    };
}
