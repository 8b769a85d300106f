using Grpc.Core;
using InstructLab.Aspire.Contracts.Judging.V1;
using InstructLab.Aspire.Contracts.Suite.V1;
using static InstructLab.Aspire.Evaluations.IntegrationTests.Evaluations;

namespace InstructLab.Aspire.Evaluations.IntegrationTests;

/// <summary>Bad input is refused before anything is stored: the status and message name the field, the file and line, or the endpoint.</summary>
[Collection(nameof(Sequential))]
public sealed class BadInputTests(EvaluationStack stack)
{
    [Fact]
    public async Task RefusalsNameWhatIsWrongAndLeaveNothingBehind()
    {
        await using var refusing = await FakeJudge.StartAsync(refuse: true);
        var before = await StoredKeysAsync();
        var judged = Request("dk_bench", EvaluationStack.Chat, Text("d.jsonl", """{"user_input": "q", "reference": "r"}"""));
        judged.Judge = new ChatEndpoint { Url = refusing.Address.ToString(), Model = "any", ApiKey = "wrong" };
        var metadata = Request("dk_bench", EvaluationStack.Chat, Text("d.jsonl", """{"user_input": "q", "reference": "r"}"""));
        metadata.Judge = new ChatEndpoint { Url = "http://169.254.169.254/latest/meta-data/", Model = "any" };
        var cases = new (RunEvaluationRequest Request, StatusCode Status, string Message)[]
        {
            (metadata, StatusCode.InvalidArgument, "url 'http://169.254.169.254/latest/meta-data/' points at a link-local or cloud-metadata address"),
            (Request("mmlu", EvaluationStack.Stories, Text("README.md", "no data")), StatusCode.InvalidArgument, "data: MMLU needs <subject>_test.csv files"),
            (Request("mc", EvaluationStack.Stories, Text("mc.jsonl", "{\"context\": \"x\", \"choices\": [\"a\", \"b\"], \"answer\": 0}\n{oops")), StatusCode.InvalidArgument, "mc.jsonl:2: not valid JSON"),
            (Request("mc", "no-such-model", Text("mc.jsonl", "{\"context\": \"x\", \"choices\": [\"a\", \"b\"], \"answer\": 0}")), StatusCode.InvalidArgument, "model.model: 'no-such-model' is not served at"),
            (Request("mmlu_branch", EvaluationStack.Stories, Text("q.jsonl", "")), StatusCode.InvalidArgument, "base_model.model: mmlu_branch compares the model with its base model"),
            (Request("bench_press", EvaluationStack.Stories), StatusCode.InvalidArgument, "benchmark: 'bench_press' is not a benchmark; allowed: mmlu, mmlu_branch, mt_bench"),
            (judged, StatusCode.FailedPrecondition, "judge: chat endpoint"),
        };

        foreach (var (request, status, message) in cases)
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => stack.Client.RunAsync(request, cancellationToken: Cancel).ResponseAsync);
            Assert.Equal(status, error.StatusCode);
            Assert.StartsWith(message, error.Status.Detail);
        }
        Assert.Contains("answered 401", (await Assert.ThrowsAsync<RpcException>(() => stack.Client.RunAsync(judged, cancellationToken: Cancel).ResponseAsync)).Status.Detail);
        Assert.Equal(before, await StoredKeysAsync());
        var unknown = await Assert.ThrowsAsync<RpcException>(() => stack.Client.GetAsync(new GetEvaluationRequest { Id = Guid.NewGuid().ToString() }, cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    private async Task<List<string>> StoredKeysAsync()
    {
        var keys = new List<string>();
        await foreach (var info in stack.Artifacts.ListAsync("evaluations/", cancellationToken: Cancel))
        {
            keys.Add(info.Key);
        }
        var list = await stack.Client.ListAsync(new ListEvaluationsRequest { Limit = 1000 }, cancellationToken: Cancel);
        keys.AddRange(list.Evaluations.Select(e => "listed:" + e.Id));
        return [.. keys.Order(StringComparer.Ordinal)];
    }
}
