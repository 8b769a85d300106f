using Grpc.Core;
using InstructLab.Aspire.Contracts.Generation.V1;

namespace InstructLab.Aspire.Training.Api.Jobs;

/// <summary>A generation job's dataset keys, asked of the generation service (a job submitted with <c>data.generation_job_id</c>).</summary>
public sealed class GenerationDatasets(SuiteClients clients)
{
    public async Task<Dataset> GetAsync(string jobId, CancellationToken cancellationToken)
    {
        Job job;
        try
        {
            job = await clients.Generation.GetJobAsync(new GetJobRequest { JobId = jobId }, cancellationToken: cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            throw new ArgumentException($"data.generation_job_id: {e.Status.Detail}");
        }
        return job.State == JobState.Completed
            ? job.Dataset
            : throw new ArgumentException($"data.generation_job_id: job {jobId} is {job.State.ToString().ToLowerInvariant()}; its dataset comes when it has completed.");
    }
}
