using Grpc.Core;
using InstructLab.Aspire.Contracts.Generation.V1;
using InstructLab.Aspire.Contracts.Suite.V1;
using InstructLab.Aspire.Hosting.Info;

namespace InstructLab.Aspire.Generation.Api.Grpc;

public sealed class GenerationGrpcService(ServiceInfoProvider info) : GenerationService.GenerationServiceBase
{
    public override Task<ServiceInfo> GetInfo(GetInfoRequest request, ServerCallContext context) =>
        info.GetAsync(context.CancellationToken);
}
