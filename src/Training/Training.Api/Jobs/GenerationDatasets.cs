using Grpc.Core;
using Grpc.Net.Client;
using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Contracts.Generation.V1;
using InstructLab.Aspire.Hosting.Endpoints;

namespace InstructLab.Aspire.Training.Api.Jobs;

/// <summary>A generation job's dataset keys, asked of the generation service (a job submitted with <c>data.generation_job_id</c>).</summary>
public sealed class GenerationDatasets(IConfiguration configuration) : IDisposable
{
    private readonly Lazy<GrpcChannel> channel = new(() =>
        GrpcChannel.ForAddress(SuiteServiceAddress.Resolve(configuration, ResourceNames.Generation, "grpc", configuration["Training:GenerationUrl"])));

    public async Task<Dataset> GetAsync(string jobId, CancellationToken cancellationToken)
    {
        Job job;
        try
        {
            job = await new GenerationService.GenerationServiceClient(channel.Value).GetJobAsync(new GetJobRequest { JobId = jobId }, cancellationToken: cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            throw new ArgumentException($"data.generation_job_id: {e.Status.Detail}");
        }
        return job.State == JobState.Completed
            ? job.Dataset
            : throw new ArgumentException($"data.generation_job_id: job {jobId} is {job.State.ToString().ToLowerInvariant()}; its dataset comes when it has completed.");
    }

    public void Dispose()
    {
        if (channel.IsValueCreated)
        {
            channel.Value.Dispose();
        }
    }
}
