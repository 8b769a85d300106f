using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using InstructLab.Aspire.Hosting.Grpc;
using InstructLab.Aspire.Taxonomy.Api.Leaves;
using InstructLab.Aspire.Taxonomy.Documents;
using InstructLab.Aspire.Taxonomy.Git;

namespace InstructLab.Aspire.Taxonomy.Api.Grpc;

/// <summary>
/// Translates failures once, at the edge: what the caller got wrong becomes INVALID_ARGUMENT with the reason (and, for
/// invalid taxonomy files, every diagnostic as a ValidateResponse in the status details).
/// </summary>
public sealed class TaxonomyErrors : ErrorTranslation
{
    protected override RpcException? Translate(Exception e) => e switch
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
