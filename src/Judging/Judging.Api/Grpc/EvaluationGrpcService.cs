using System.Diagnostics;
using System.Text;
using System.Text.Json;
using InstructLab.Aspire.Evaluations.Results;
using Grpc.Core;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Contracts.Judging.V1;
using InstructLab.Aspire.Contracts.Messages.Evaluation;
using InstructLab.Aspire.Hosting.Grpc;
using InstructLab.Aspire.Judging.Api.Evaluations;
using MassTransit;
using EvaluationState = InstructLab.Aspire.Judging.Api.Evaluations.EvaluationState;
using Proto = InstructLab.Aspire.Contracts.Judging.V1;

namespace InstructLab.Aspire.Judging.Api.Grpc;

/// <summary>Evaluations as durable jobs: Run accepts and returns at once; Watch streams progress until the end.</summary>
public sealed class EvaluationGrpcService(
    EvaluationSubmitter submitter, EvaluationIndex index, EvaluationPlans plans, IArtifactStore artifacts, IBus bus, TimeProvider clock)
    : EvaluationService.EvaluationServiceBase
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public override async Task<Proto.Evaluation> Run(RunEvaluationRequest request, ServerCallContext context)
    {
        var id = RequestIds.Parse(request.RequestId);
        if (id is { } repeated && await index.GetAsync(repeated) is { } existing)
        {
            await index.ResubmitIfUnstartedAsync(repeated, bus, context.CancellationToken);
            return EvaluationViews.ToProto(existing, clock.GetUtcNow());
        }
        var submitted = await submitter.SubmitAsync(request, context.CancellationToken, id);
        Activity.Current?.SetTag("evaluation.id", submitted.EvaluationId.ToString());
        return EvaluationViews.ToProto(EvaluationViews.Submitted(submitted), clock.GetUtcNow());
    }

    public override async Task<Proto.Evaluation> Get(GetEvaluationRequest request, ServerCallContext context) =>
        EvaluationViews.ToProto(await FindAsync(request.Id), clock.GetUtcNow());

    public override async Task<ListEvaluationsResponse> List(ListEvaluationsRequest request, ServerCallContext context)
    {
        var limit = request.Limit is > 0 and <= 1000 ? request.Limit : 50;
        var now = clock.GetUtcNow();
        return new ListEvaluationsResponse { Evaluations = { (await index.ListAsync(limit)).Select(e => EvaluationViews.ToProto(e, now)) } };
    }

    /// <summary>Sends the evaluation as it is, then each time it changes, until it has ended or the caller goes away.</summary>
    public override Task Watch(GetEvaluationRequest request, IServerStreamWriter<Proto.Evaluation> responseStream, ServerCallContext context) =>
        StateWatch.StreamAsync(async () =>
        {
            var evaluation = await FindAsync(request.Id);
            return (EvaluationViews.ToProto(evaluation, clock.GetUtcNow()), (object)evaluation.Version, EvaluationViews.HasEnded(evaluation));
        }, responseStream, clock, context.CancellationToken);

    /// <summary>Asks the state machine to stop the evaluation and waits briefly for it to have done so.</summary>
    public override async Task<Proto.Evaluation> Cancel(GetEvaluationRequest request, ServerCallContext context)
    {
        var evaluation = await FindAsync(request.Id);
        if (!EvaluationViews.HasEnded(evaluation))
        {
            await bus.Publish(new CancelEvaluation { EvaluationId = evaluation.CorrelationId, RequestedAt = clock.GetUtcNow() }, context.CancellationToken);
            for (var i = 0; i < 40 && !EvaluationViews.HasEnded(evaluation); i++)
            {
                await Task.Delay(StateWatch.Interval, clock, context.CancellationToken);
                evaluation = await FindAsync(request.Id);
            }
        }
        return EvaluationViews.ToProto(evaluation, clock.GetUtcNow());
    }

    public override async Task<EvaluationReport> GetReport(GetEvaluationRequest request, ServerCallContext context)
    {
        var evaluation = await FindAsync(request.Id);
        if (evaluation.ReportKey is "")
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"evaluation {request.Id} is {evaluation.CurrentState.ToLowerInvariant()}; its report comes when it has completed"));
        }
        return new EvaluationReport
        {
            Id = request.Id,
            Json = Encoding.UTF8.GetString(await artifacts.ReadBytesAsync(evaluation.ReportKey, context.CancellationToken)),
            Markdown = Encoding.UTF8.GetString(await artifacts.ReadBytesAsync(evaluation.ReportMarkdownKey, context.CancellationToken)),
        };
    }

    public override async Task ExportItems(GetEvaluationRequest request, IServerStreamWriter<ExportedItem> responseStream, ServerCallContext context)
    {
        var evaluation = await FindAsync(request.Id);
        var (plan, items) = await plans.ReadAsync(evaluation.PlanKey, context.CancellationToken);
        for (var batch = 0; batch < plan.Batches; batch++)
        {
            var key = EvaluationKeys.Results(plan.Id, batch);
            var results = await artifacts.ExistsAsync(key, context.CancellationToken)
                ? await artifacts.ReadJsonAsync<List<ItemResult>>(key, context.CancellationToken)
                : null;
            var range = plan.Batch(batch);
            for (var i = range.Start.Value; i < range.End.Value; i++)
            {
                await responseStream.WriteAsync(new ExportedItem
                {
                    ItemJson = JsonSerializer.Serialize(items[i], Json),
                    ResultJson = results is null ? "" : JsonSerializer.Serialize(results[i - range.Start.Value], Json),
                }, context.CancellationToken);
            }
        }
    }

    private async Task<EvaluationState> FindAsync(string id) =>
        Guid.TryParse(id, out var evaluationId)
            ? await index.GetAsync(evaluationId) ?? throw new RpcException(new Status(StatusCode.NotFound, $"id: no evaluation {id}"))
            : throw new RpcException(new Status(StatusCode.InvalidArgument, $"id: '{id}' is not an evaluation id (a GUID)"));
}
