using System.Text;
using System.Text.Json.Nodes;
using Grpc.Core;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Contracts.Generation.V1;
using InstructLab.Aspire.Contracts.Suite.V1;
using InstructLab.Aspire.Contracts.Taxonomy.V1;

namespace InstructLab.Aspire.Generation.IntegrationTests;

/// <summary>Submitting jobs and reading what they made, as a client of the generation API would.</summary>
internal static class Jobs
{
    /// <summary>A pipeline for tests that must run many samples fast: short texts, nothing filtered, every kind but grounded.</summary>
    public const string TinyPipeline = """
        version: 1
        description: one short question and answer per sample; nothing is filtered
        applies_to: [knowledge, freeform_skill]
        blocks:
          - name: ask
            type: llm
            n: samples_per_seed
            prompt: "Ask one question about {{ leaf }}, like: {{ seed_examples[0].question }}"
            outputs:
              question: {max_length: 24}
          - name: answer
            type: llm
            prompt: "Answer briefly: {{ question }}"
            outputs:
              answer: {max_length: 24}
        output:
          question: question
          answer: answer
        """;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static SubmitJobRequest Request(string taxonomy, long seed, params string[] pipelines)
    {
        var request = new SubmitJobRequest
        {
            Name = $"test-{seed}",
            Taxonomy = new TaxonomySource { LocalPath = taxonomy },
            Base = "empty",
            Teacher = new ChatEndpoint { StructuredOutput = StructuredOutput.Always },
            Seed = seed,
        };
        request.Pipelines.AddRange(pipelines);
        return request;
    }

    public static SubmitJobRequest WithTinyPipeline(this SubmitJobRequest request)
    {
        request.Pipelines.Clear();
        request.Pipelines.Add("tiny");
        request.PipelineFiles.Add(new PipelineFile { Name = "tiny", Yaml = TinyPipeline });
        return request;
    }

    /// <summary>Watches the job until it has ended; fails when it takes longer than <paramref name="timeout"/>.</summary>
    public static async Task<Job> WaitAsync(GenerationService.GenerationServiceClient client, string jobId, TimeSpan timeout, Func<Job, Task>? onChange = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        deadline.CancelAfter(timeout);
        Job? last = null;
        try
        {
            using var watch = client.WatchJob(new WatchJobRequest { JobId = jobId }, cancellationToken: deadline.Token);
            await foreach (var job in watch.ResponseStream.ReadAllAsync(deadline.Token))
            {
                last = job;
                if (onChange is not null)
                {
                    await onChange(job);
                }
            }
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && !Cancel.IsCancellationRequested)
        {
            Assert.Fail($"job {jobId} did not end within {timeout}; last seen: {last}");
        }
        return last ?? throw new InvalidOperationException("WatchJob sent nothing");
    }

    public static async Task<Job> RunAsync(GenerationSuite suite, SubmitJobRequest request, TimeSpan timeout)
    {
        var submitted = await suite.Stack.Client.SubmitJobAsync(request, cancellationToken: Cancel);
        var job = await WaitAsync(suite.Stack.Client, submitted.JobId, timeout);
        Assert.True(job.State == JobState.Completed, $"job {job.Id} ended {job.State}: {job.Error}");
        return job;
    }

    public static async Task<IReadOnlyList<JsonObject>> LinesAsync(IArtifactStore store, string key)
    {
        var text = Encoding.UTF8.GetString(await store.ReadBytesAsync(key, Cancel));
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!.AsObject())];
    }
}
