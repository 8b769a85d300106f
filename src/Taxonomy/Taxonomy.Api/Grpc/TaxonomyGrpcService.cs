using Grpc.Core;
using InstructLab.Aspire.Contracts.Taxonomy.V1;
using InstructLab.Aspire.Contracts.Suite.V1;
using InstructLab.Aspire.Hosting.Info;

namespace InstructLab.Aspire.Taxonomy.Api.Grpc;

public sealed class TaxonomyGrpcService(ServiceInfoProvider info) : TaxonomyService.TaxonomyServiceBase
{
    public override Task<ServiceInfo> GetInfo(GetInfoRequest request, ServerCallContext context) =>
        info.GetAsync(context.CancellationToken);
}
