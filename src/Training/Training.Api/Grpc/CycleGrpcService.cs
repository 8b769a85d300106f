using System.Diagnostics;
using Grpc.Core;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Contracts.Messages.Cycles;
using InstructLab.Aspire.Contracts.Training.V1;
using InstructLab.Aspire.Hosting.Grpc;
using InstructLab.Aspire.Training.Api.Cycles;
using MassTransit;

namespace InstructLab.Aspire.Training.Api.Grpc;

/// <summary>LAB cycles: Run starts one and returns at once; Watch streams its stages until it has ended.</summary>
public sealed class CycleGrpcService(CycleSubmitter submitter, CycleIndex cycles, IArtifactStore store, IBus bus, TimeProvider clock)
    : CycleService.CycleServiceBase
{
    public override async Task<Cycle> Run(RunCycleRequest request, ServerCallContext context)
    {
        var id = RequestIds.Parse(request.RequestId);
        if (id is { } repeated && await cycles.GetAsync(repeated) is { } existing)
        {
            await cycles.ResubmitIfUnstartedAsync(repeated, bus, context.CancellationToken);
            return CycleViews.ToProto(existing);
        }
        var submitted = await submitter.SubmitAsync(request, id ?? NewId.NextGuid(), context.CancellationToken);
        Activity.Current?.SetTag("cycle.id", submitted.CycleId.ToString());
        return CycleViews.ToProto((await cycles.GetAsync(submitted.CycleId))!);
    }

    public override async Task<Cycle> Get(GetCycleRequest request, ServerCallContext context) =>
        CycleViews.ToProto(await FindAsync(request.Id));

    public override async Task<ListCyclesResponse> List(ListCyclesRequest request, ServerCallContext context)
    {
        var limit = request.Limit is > 0 and <= 1000 ? request.Limit : 50;
        return new ListCyclesResponse { Cycles = { (await cycles.ListAsync(limit)).Select(CycleViews.ToProto) } };
    }

    public override Task Watch(GetCycleRequest request, IServerStreamWriter<Cycle> responseStream, ServerCallContext context) =>
        StateWatch.StreamAsync(async () =>
        {
            var cycle = await FindAsync(request.Id);
            return (CycleViews.ToProto(cycle), (object)cycle.Version, CycleViews.HasEnded(cycle));
        }, responseStream, clock, context.CancellationToken);

    /// <summary>Asks the cycle to stop and waits (up to ten seconds) until its state machine has ended it.</summary>
    public override async Task<Cycle> Cancel(GetCycleRequest request, ServerCallContext context)
    {
        var cycle = await FindAsync(request.Id);
        if (!CycleViews.HasEnded(cycle))
        {
            await bus.Publish(new CancelCycle { CycleId = cycle.CorrelationId }, context.CancellationToken);
            for (var i = 0; i < 40 && !CycleViews.HasEnded(cycle); i++)
            {
                await Task.Delay(StateWatch.Interval, clock, context.CancellationToken);
                cycle = await FindAsync(request.Id);
            }
        }
        return CycleViews.ToProto(cycle);
    }

    public override async Task<Contracts.Training.V1.CycleReport> GetReport(GetCycleRequest request, ServerCallContext context)
    {
        var cycle = await FindAsync(request.Id);
        if (cycle.ReportKey is not { } key)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"id: cycle {request.Id} is {cycle.CurrentState.ToLowerInvariant()}; its report comes when it has completed"));
        }
        return new Contracts.Training.V1.CycleReport
        {
            Id = request.Id,
            Json = System.Text.Encoding.UTF8.GetString(await store.ReadBytesAsync(key, context.CancellationToken)),
            Markdown = System.Text.Encoding.UTF8.GetString(await store.ReadBytesAsync(CycleKeys.ReportMarkdown(cycle.CorrelationId), context.CancellationToken)),
        };
    }

    private async Task<CycleSaga> FindAsync(string id) =>
        Guid.TryParse(id, out var cycleId)
            ? await cycles.GetAsync(cycleId) ?? throw new RpcException(new Status(StatusCode.NotFound, $"id: no cycle {id}"))
            : throw new RpcException(new Status(StatusCode.InvalidArgument, $"id: '{id}' is not a cycle id (a GUID)"));
}
