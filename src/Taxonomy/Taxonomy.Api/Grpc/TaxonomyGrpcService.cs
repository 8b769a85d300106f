using Grpc.Core;
using InstructLab.Aspire.Contracts.Suite.V1;
using InstructLab.Aspire.Contracts.Taxonomy.V1;
using InstructLab.Aspire.Hosting.Info;
using InstructLab.Aspire.Taxonomy.Api.Leaves;
using InstructLab.Aspire.Taxonomy.Api.Sources;

namespace InstructLab.Aspire.Taxonomy.Api.Grpc;

public sealed class TaxonomyGrpcService(ServiceInfoProvider info, TaxonomySources sources, LeafProvider leaves, TokenCounters counters)
    : TaxonomyService.TaxonomyServiceBase
{
    public override Task<ServiceInfo> GetInfo(GetInfoRequest request, ServerCallContext context) =>
        info.GetAsync(context.CancellationToken);

    public override async Task<ValidateResponse> Validate(ValidateRequest request, ServerCallContext context)
    {
        await using var checkout = await sources.OpenAsync(request.Source, context.CancellationToken);
        var (selection, report) = await leaves.ValidateAsync(checkout.Tree, request.Base, [.. request.Paths], context.CancellationToken);
        var response = report.ToProto();
        response.Notice = selection.Notice ?? "";
        return response;
    }

    public override async Task<DiffResponse> Diff(DiffRequest request, ServerCallContext context)
    {
        await using var checkout = await sources.OpenAsync(request.Source, context.CancellationToken);
        var (selection, _) = await leaves.ValidateAsync(checkout.Tree, request.Base, [], context.CancellationToken);
        return new DiffResponse { ForkPoint = selection.ForkPoint ?? "", ChangedFiles = { selection.Files }, Notice = selection.Notice ?? "" };
    }

    public override async Task GetLeaves(GetLeavesRequest request, IServerStreamWriter<Leaf> responseStream, ServerCallContext context)
    {
        var counter = request.IncludeChunks ? counters.For(request.Chunking) : null;
        await using var checkout = await sources.OpenAsync(request.Source, context.CancellationToken);
        await foreach (var (leaf, chunks, added) in leaves.LeavesAsync(checkout.Tree, request.Base, counter, request.Chunking.FromProto(), context.CancellationToken))
        {
            var view = leaf.ToProto(chunks);
            view.Added = added;
            await responseStream.WriteAsync(view, context.CancellationToken);
        }
    }

    public override async Task GetDocumentChunks(GetDocumentChunksRequest request, IServerStreamWriter<DocumentChunk> responseStream, ServerCallContext context)
    {
        var counter = counters.For(request.Chunking);
        Model.KnowledgeDocumentRef document;
        if (request.TargetCase == GetDocumentChunksRequest.TargetOneofCase.LeafPath)
        {
            await using var checkout = await sources.OpenAsync(request.Source, context.CancellationToken);
            document = leaves.KnowledgeLeaf(checkout.Tree, request.LeafPath).Document!;
        }
        else
        {
            document = request.Document?.FromProto() ?? throw new ArgumentException("give leaf_path (with source) or document");
        }
        foreach (var chunk in await leaves.ChunksAsync(document, counter, request.Chunking.FromProto(), context.CancellationToken))
        {
            await responseStream.WriteAsync(chunk.ToProto(), context.CancellationToken);
        }
    }
}
