using System.Diagnostics;
using Grpc.Core;
using InstructLab.Aspire.Contracts.Messages.Training;
using InstructLab.Aspire.Contracts.Suite.V1;
using InstructLab.Aspire.Contracts.Training.V1;
using InstructLab.Aspire.Hosting.Grpc;
using InstructLab.Aspire.Hosting.Info;
using InstructLab.Aspire.Training.Api.Jobs;
using InstructLab.Aspire.Training.Api.Models;
using InstructLab.Aspire.Training.Api.Reports;
using InstructLab.Aspire.Training.Api.StateMachines;
using InstructLab.Aspire.Training.Api.Workers;
using MassTransit;

namespace InstructLab.Aspire.Training.Api.Grpc;

public sealed class TrainingGrpcService(ServiceInfoProvider info, TrainingSubmitter submitter, TrainingIndex jobs, LiveProgress live, JobLeases leases, IBus bus,
    ReportLinks reports, UploadedModels uploads, TimeProvider clock)
    : TrainingService.TrainingServiceBase
{
    public override Task<ServiceInfo> GetInfo(GetInfoRequest request, ServerCallContext context) =>
        info.GetAsync(context.CancellationToken);

    public override Task<PublishedModelVersion> PublishModel(IAsyncStreamReader<PublishModelChunk> requestStream, ServerCallContext context) =>
        uploads.PublishAsync(requestStream, context.CancellationToken);

    public override Task<RemoveModelResponse> RemoveModel(RemoveModelRequest request, ServerCallContext context) =>
        uploads.RemoveAsync(request.ModelId, context.CancellationToken);

    public override async Task<TrainingJob> SubmitJob(SubmitTrainingJobRequest request, ServerCallContext context)
    {
        var submitted = await submitter.SubmitAsync(request, context.CancellationToken);
        Activity.Current?.SetTag("training.job_id", submitted.JobId.ToString());
        return await ViewAsync((await jobs.GetAsync(submitted.JobId))!);
    }

    public override async Task<TrainingJob> GetJob(GetTrainingJobRequest request, ServerCallContext context) =>
        await ViewAsync(await FindAsync(request.JobId));

    public override async Task<ListTrainingJobsResponse> ListJobs(ListTrainingJobsRequest request, ServerCallContext context)
    {
        var limit = request.Limit is > 0 and <= 1000 ? request.Limit : 50;
        var response = new ListTrainingJobsResponse();
        foreach (var job in await jobs.ListAsync(limit))
        {
            response.Jobs.Add(await ViewAsync(job));
        }
        return response;
    }

    /// <summary>The job, then again each time its state, step, checkpoints or scores change, until it has ended.</summary>
    public override Task WatchJob(GetTrainingJobRequest request, IServerStreamWriter<TrainingJob> responseStream, ServerCallContext context) =>
        StateWatch.StreamAsync(async () =>
        {
            var job = await FindAsync(request.JobId);
            var view = await ViewAsync(job);
            return (view, (object)view, TrainingViews.HasEnded(job));
        }, responseStream, clock, context.CancellationToken);

    /// <summary>
    /// Asks the job to stop and waits (up to a minute) until it has ended and no worker holds it any more: a queued job
    /// ends at once, but a worker may have just taken its work item; it stops at its next step and stores that checkpoint.
    /// </summary>
    public override async Task<TrainingJob> CancelJob(GetTrainingJobRequest request, ServerCallContext context)
    {
        var job = await FindAsync(request.JobId);
        if (!TrainingViews.HasEnded(job))
        {
            await bus.Publish(new CancelTrainingJob { JobId = job.CorrelationId, RequestedAt = clock.GetUtcNow() }, context.CancellationToken);
            for (var i = 0; i < 240 && (!TrainingViews.HasEnded(job) || await leases.IsHeldAsync(job.CorrelationId)); i++)
            {
                await Task.Delay(StateWatch.Interval, clock, context.CancellationToken);
                job = await FindAsync(request.JobId);
            }
        }
        return await ViewAsync(job);
    }

    private async Task<TrainingJob> ViewAsync(TrainingJobSaga job)
    {
        var view = TrainingViews.ToProto(job, await live.StepAsync(job.CorrelationId), await live.CheckpointsAsync(job.CorrelationId), await live.ScoresAsync(job.CorrelationId));
        if (job.Model is not null)
        {
            view.ReportUrl = reports.For(job.CorrelationId).ToString();
        }
        return view;
    }

    private async Task<TrainingJobSaga> FindAsync(string id) =>
        Guid.TryParse(id, out var jobId)
            ? await jobs.GetAsync(jobId) ?? throw new RpcException(new Status(StatusCode.NotFound, $"job_id: no training job {id}"))
            : throw new RpcException(new Status(StatusCode.InvalidArgument, $"job_id: '{id}' is not a job id (a GUID)"));
}
