using Grpc.Core;
using InstructLab.Aspire.Contracts.Generation.V1;
using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.Generation.IntegrationTests;

/// <summary>A caller's request_id: a repeated submit (a retry, a redelivered message) finds the job instead of starting another.</summary>
public sealed class RequestIdTests(GenerationSuite suite)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ASubmitRepeatedWithTheSameRequestIdAnswersTheFirstJob()
    {
        var (taxonomy, _, _) = SampleTaxonomy.Build(suite.Stack.Workspace.Combine($"request-id-{Guid.NewGuid():N}"), SampleTaxonomy.SynonymsLeaf);
        var request = Jobs.Request(taxonomy, seed: 303, "simple");
        (request.SamplesPerSeed, request.MaxRowsPerLeaf) = (1, 1);
        var id = Guid.NewGuid().ToString();
        request.RequestId = id;

        var first = await suite.Stack.Client.SubmitJobAsync(request, cancellationToken: Cancel);
        var again = await suite.Stack.Client.SubmitJobAsync(request, cancellationToken: Cancel);

        Assert.Equal((id, id), (first.JobId, again.JobId));
        var listed = await suite.Stack.Client.ListJobsAsync(new ListJobsRequest { Limit = 1000 }, cancellationToken: Cancel);
        Assert.Single(listed.Jobs, j => j.Id == id);
        var done = await Jobs.WaitAsync(suite.Stack.Client, id, TimeSpan.FromMinutes(3));
        Assert.Equal(JobState.Completed, done.State);

        request.RequestId = "job-42";
        var refused = await Assert.ThrowsAsync<RpcException>(() => suite.Stack.Client.SubmitJobAsync(request, cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("request_id: 'job-42' is not a UUID", refused.Status.Detail);
    }
}
