using System.Diagnostics;
using System.Text;
using Grpc.Core;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Contracts.Generation.V1;
using InstructLab.Aspire.Contracts.Messages.Generation;
using InstructLab.Aspire.Contracts.Suite.V1;
using InstructLab.Aspire.Generation.Api.Jobs;
using InstructLab.Aspire.Generation.Api.StateMachines;
using InstructLab.Aspire.Hosting.Grpc;
using InstructLab.Aspire.Hosting.Info;
using MassTransit;


namespace InstructLab.Aspire.Generation.Api.Grpc;

public sealed class GenerationGrpcService(
    ServiceInfoProvider info, JobSubmitter submitter, JobIndex jobs, IArtifactStore artifacts, IBus bus, TimeProvider clock)
    : GenerationService.GenerationServiceBase
{
    public override Task<ServiceInfo> GetInfo(GetInfoRequest request, ServerCallContext context) =>
        info.GetAsync(context.CancellationToken);

    public override async Task<SubmitJobResponse> SubmitJob(SubmitJobRequest request, ServerCallContext context)
    {
        var id = RequestIds.Parse(request.RequestId);
        if (id is { } repeated && await jobs.GetAsync(repeated) is { } existing)
        {
            await jobs.ResubmitIfUnstartedAsync(repeated, bus, context.CancellationToken);
            return new SubmitJobResponse { JobId = repeated.ToString(), Job = JobViews.ToProto(existing, clock.GetUtcNow()) };
        }
        var (submitted, _) = await submitter.SubmitAsync(request, context.CancellationToken, id);
        Activity.Current?.SetTag("generation.job_id", submitted.JobId.ToString());
        return new SubmitJobResponse { JobId = submitted.JobId.ToString(), Job = JobViews.ToProto(JobViews.Submitted(submitted), clock.GetUtcNow()) };
    }

    public override async Task<Job> GetJob(GetJobRequest request, ServerCallContext context) =>
        JobViews.ToProto(await FindAsync(request.JobId), clock.GetUtcNow());

    public override async Task<ListJobsResponse> ListJobs(ListJobsRequest request, ServerCallContext context)
    {
        var limit = request.Limit is > 0 and <= 1000 ? request.Limit : 50;
        var now = clock.GetUtcNow();
        return new ListJobsResponse { Jobs = { (await jobs.ListAsync(limit)).Select(job => JobViews.ToProto(job, now)) } };
    }

    public override Task WatchJob(WatchJobRequest request, IServerStreamWriter<Job> responseStream, ServerCallContext context) =>
        StateWatch.StreamAsync(async () =>
        {
            var job = await FindAsync(request.JobId);
            return (JobViews.ToProto(job, clock.GetUtcNow()), (object)job.Version, JobViews.HasEnded(job));
        }, responseStream, clock, context.CancellationToken);

    /// <summary>Asks the job's state machine to stop the job and waits briefly for it to have done so.</summary>
    public override async Task<Job> CancelJob(CancelJobRequest request, ServerCallContext context)
    {
        var job = await FindAsync(request.JobId);
        if (!JobViews.HasEnded(job))
        {
            await bus.Publish(new CancelGenerationJob { JobId = job.CorrelationId, RequestedAt = clock.GetUtcNow() }, context.CancellationToken);
            for (var i = 0; i < 40 && !JobViews.HasEnded(job); i++)
            {
                await Task.Delay(StateWatch.Interval, clock, context.CancellationToken);
                job = await FindAsync(request.JobId);
            }
        }
        return JobViews.ToProto(job, clock.GetUtcNow());
    }

    public override async Task<DataCard> GetDataCard(GetJobRequest request, ServerCallContext context)
    {
        var job = await FindAsync(request.JobId);
        if (job.Dataset is not { } dataset)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"job {request.JobId} is {job.CurrentState.ToLowerInvariant()}; its data card comes when it has completed"));
        }
        var json = await artifacts.ReadBytesAsync(dataset.DataCardKey, context.CancellationToken);
        var markdown = await artifacts.ReadBytesAsync(dataset.DataCardMarkdownKey, context.CancellationToken);
        return new DataCard { JobId = request.JobId, Json = Encoding.UTF8.GetString(json), Markdown = Encoding.UTF8.GetString(markdown) };
    }

    private async Task<GenerationJobState> FindAsync(string id) =>
        Guid.TryParse(id, out var jobId)
            ? await jobs.GetAsync(jobId) ?? throw new RpcException(new Status(StatusCode.NotFound, $"job_id: no job {id}"))
            : throw new RpcException(new Status(StatusCode.InvalidArgument, $"job_id: '{id}' is not a job id (a GUID)"));
}
