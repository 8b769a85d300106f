using System.Text.Json.Nodes;
using Grpc.Core;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Contracts.Judging.V1;
using static InstructLab.Aspire.Evaluations.IntegrationTests.Evaluations;

namespace InstructLab.Aspire.Evaluations.IntegrationTests;

/// <summary>A GGUF in the artifact store (a training checkpoint) evaluated without being published: serving loads it unlisted.</summary>
public sealed class PrivateModelTests(EvaluationStack stack)
{
    private const string Data = """
        {"context": "Once upon a time, there was a little", "choices": ["girl", "spoon"], "answer": 0}
        {"context": "She liked to play with her", "choices": ["friends", "taxes"], "answer": 0}
        """;

    [Fact]
    public async Task ACheckpointIsEvaluatedByArtifactKeyAndScoresAsItsServedTwin()
    {
        var key = $"training/{Guid.NewGuid():N}/knowledge/epoch-1/model.gguf";
        await stack.Artifacts.PutFileAsync(key, stack.StoriesPath, cancellationToken: Cancel);

        var served = await WaitAsync(stack.Client, (await stack.Client.RunAsync(Request("mc", EvaluationStack.Stories, Text("tiny.jsonl", Data)), cancellationToken: Cancel)).Id);
        var @private = await WaitAsync(stack.Client, (await stack.Client.RunAsync(Request("mc", "artifact:" + key, Text("tiny.jsonl", Data)), cancellationToken: Cancel)).Id);

        Assert.Equal(EvaluationState.Completed, @private.State);
        Assert.Equal(("artifact:" + key, 2, 0), (@private.Model, @private.ItemsDone, @private.Errors));
        var (twin, checkpoint) = (await ResultsAsync(stack.Artifacts, served.Id), await ResultsAsync(stack.Artifacts, @private.Id));
        Assert.Equal(twin.Select(r => r.Model.Predicted), checkpoint.Select(r => r.Model.Predicted));
        using var http = new HttpClient { BaseAddress = stack.Serving };
        http.DefaultRequestHeaders.Authorization = new("Bearer", stack.ServingKey);
        var models = JsonNode.Parse(await http.GetStringAsync("/v1/models", Cancel))!["data"]!.AsArray().Select(m => (string)m!["id"]!).ToList();
        Assert.DoesNotContain(models, id => id.StartsWith("artifact:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AMissingCheckpointIsRefusedByName()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            stack.Client.RunAsync(Request("mc", "artifact:training/none/model.gguf", Text("tiny.jsonl", Data)), cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("model.model: no artifact 'training/none/model.gguf' in the artifact store to evaluate", error.Status.Detail);
    }
}
