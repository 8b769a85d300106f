using Grpc.Core;

namespace InstructLab.Aspire.Generation.Api.Jobs;

/// <summary>Another service of the suite refused or failed a call made for a request; its status passes on to the caller.</summary>
public sealed class UpstreamException(string service, RpcException inner) : Exception($"{service}: {inner.Status.Detail}", inner)
{
    public RpcException Call { get; } = inner;
}
