using Grpc.Core;
using InstructLab.Aspire.Contracts.Training.V1;
using InstructLab.Aspire.Contracts.Suite.V1;
using InstructLab.Aspire.Hosting.Info;

namespace InstructLab.Aspire.Training.Api.Grpc;

public sealed class TrainingGrpcService(ServiceInfoProvider info) : TrainingService.TrainingServiceBase
{
    public override Task<ServiceInfo> GetInfo(GetInfoRequest request, ServerCallContext context) =>
        info.GetAsync(context.CancellationToken);
}
