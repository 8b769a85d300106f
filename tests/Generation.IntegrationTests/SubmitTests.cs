using Grpc.Core;
using InstructLab.Aspire.Contracts.Generation.V1;
using InstructLab.Aspire.Contracts.Taxonomy.V1;
using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.Generation.IntegrationTests;

/// <summary>What SubmitJob refuses, and how it says so.</summary>
public sealed class SubmitTests(GenerationSuite suite)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("type: llm\n    prompt: \"Answer", "type: llm_call\n    prompt: \"Answer", "custom.yaml:13:11: unknown block type 'llm_call' (allowed: llm, conditional_llm, judge")]
    [InlineData("{{ seed_question }}", "{{ seed_qestion }}", "custom.yaml:9:33: block 'ask': prompt variable 'seed_qestion' is not a column here")]
    [InlineData("blocks:\n", "blocks:\n  - type: include\n    pipeline: custom\n", "custom.yaml:6:15: include cycle: custom → custom")]
    [InlineData("blocks:\n", "nested: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\nblocks:\n", "custom.yaml:4:72: nesting is deeper than 64 levels")]
    [InlineData("blocks:\n", "blocks:\n  - name: keep\n    type: filter\n    where: {column: x, op: in, value: [a, [b]]}\n", "custom.yaml:7:43: items of 'value' of op 'in' must be single values")]
    public async Task APipelineWithAnUnknownBlockAMissingVariableOrACycleIsRefusedWithItsFileLineAndReason(string find, string replace, string message)
    {
        var (taxonomy, _, _) = SampleTaxonomy.Build(suite.Stack.Workspace.Combine($"refused-{Guid.NewGuid():N}"), SampleTaxonomy.SynonymsLeaf);
        var request = Jobs.Request(taxonomy, seed: 1, "custom");
        request.PipelineFiles.Add(new PipelineFile { Name = "custom", Yaml = Custom.Replace(find, replace, StringComparison.Ordinal) });

        var error = await Assert.ThrowsAsync<RpcException>(() => suite.Stack.Client.SubmitJobAsync(request, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(message, error.Status.Detail);
    }

    [Fact]
    public async Task AnInvalidLeafIsRefusedWithTheTaxonomysDiagnostics()
    {
        var (taxonomy, _, _) = SampleTaxonomy.Build(suite.Stack.Workspace.Combine("invalid-leaf"), "compositional_skills/extraction/email/main_questions/qna.yaml");

        var error = await Assert.ThrowsAsync<RpcException>(() => suite.Stack.Client.SubmitJobAsync(Jobs.Request(taxonomy, seed: 1), cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("taxonomy service: ", error.Status.Detail);
        var report = error.GetRpcStatus()!.GetDetail<ValidateResponse>();
        var diagnostic = Assert.Single(report.Files.Single().Diagnostics, d => d.Severity == Severity.Error);
        Assert.Equal((5, "seed_examples"), (diagnostic.Line, diagnostic.Field));
    }

    [Theory]
    [InlineData(nameof(SubmitJobRequest.SamplesPerSeed), "samples_per_seed must be from 1 to 1000, not 5000")]
    [InlineData(nameof(SubmitJobRequest.Pipelines), "pipelines[0]: unknown pipeline 'ful' (known: ")]
    [InlineData(nameof(SubmitJobRequest.MaxBatchSeconds), "max_batch_seconds must be from 0 to 604800, not -5")]
    [InlineData(nameof(SubmitJobRequest.Teacher), "url 'ftp://example.com' is not an absolute http(s) URL")]
    public async Task WrongSettingsAreRefusedNamingTheField(string field, string message)
    {
        var (taxonomy, _, _) = SampleTaxonomy.Build(suite.Stack.Workspace.Combine($"settings-{Guid.NewGuid():N}"), SampleTaxonomy.SynonymsLeaf);
        var request = Jobs.Request(taxonomy, seed: 1);
        _ = field switch
        {
            nameof(SubmitJobRequest.SamplesPerSeed) => request.SamplesPerSeed = 5000,
            nameof(SubmitJobRequest.Pipelines) => Add(request, "ful"),
            nameof(SubmitJobRequest.MaxBatchSeconds) => request.MaxBatchSeconds = -5,
            _ => Url(request, "ftp://example.com"),
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => suite.Stack.Client.SubmitJobAsync(request, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(message, error.Status.Detail);
    }

    [Fact]
    public async Task UnknownJobsAreNotFound()
    {
        var id = Guid.NewGuid().ToString();

        var error = await Assert.ThrowsAsync<RpcException>(() => suite.Stack.Client.GetJobAsync(new GetJobRequest { JobId = id }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal((StatusCode.NotFound, $"job_id: no job {id}"), (error.StatusCode, error.Status.Detail));
    }

    private static int Add(SubmitJobRequest request, string pipeline)
    {
        request.Pipelines.Add(pipeline);
        return 0;
    }

    private static int Url(SubmitJobRequest request, string url)
    {
        request.Teacher.Url = url;
        return 0;
    }

    private const string Custom = """
        version: 1
        description: one question per seed
        applies_to: [freeform_skill]
        blocks:
          - name: ask
            type: llm
            prompt: |
              Task: {{ task_description }}
              Write a question like: {{ seed_question }}
            outputs:
              question: {max_length: 100}
          - name: answer
            type: llm
            prompt: "Answer: {{ question }}"
            outputs:
              answer: {}
        output:
          question: question
          answer: answer
        """;
}
