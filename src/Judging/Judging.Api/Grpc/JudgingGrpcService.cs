using Grpc.Core;
using InstructLab.Aspire.Contracts.Judging.V1;
using InstructLab.Aspire.Contracts.Suite.V1;
using InstructLab.Aspire.Hosting.Info;

namespace InstructLab.Aspire.Judging.Api.Grpc;

public sealed class JudgingGrpcService(ServiceInfoProvider info) : JudgingService.JudgingServiceBase
{
    public override Task<ServiceInfo> GetInfo(GetInfoRequest request, ServerCallContext context) =>
        info.GetAsync(context.CancellationToken);
}
