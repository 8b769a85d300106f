using System.Text;
using Grpc.Core;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Contracts.Training.V1;
using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.TrainingJobs.IntegrationTests;

/// <summary>Wrong requests are refused at submit naming the field; a failure only training can find fails the job with its reason.</summary>
public sealed class BadInputTests(TrainingStack stack)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SubmitRefusesAMissingBaseModelUnusableDataAnUnsupportedArchitectureAndABadOutputId()
    {
        var good = await Jobs.RequestAsync(stack, "student-bad-input", samples: 4, epochs: 1);

        var missing = good.Clone();
        missing.BaseModel = "artifact:students/no-such-model.gguf";
        await AssertRefusedAsync(missing, "base_model", "no-such-model.gguf");

        var unpublished = good.Clone();
        unpublished.BaseModel = "never-published";
        await AssertRefusedAsync(unpublished, "base_model", "no model 'never-published' has been published");

        var unusable = good.Clone();
        unusable.Data.Files.KnowledgeKey = $"data/{Guid.NewGuid():N}/broken.jsonl";
        await stack.Artifacts.PutBytesAsync(unusable.Data.Files.KnowledgeKey, Encoding.UTF8.GetBytes("not json\n{\"messages\": []}\n"), cancellationToken: Cancel);
        await AssertRefusedAsync(unusable, $"data.knowledge_key ({unusable.Data.Files.KnowledgeKey}):1: not JSON");

        var gpt2 = good.Clone();
        gpt2.BaseModel = "artifact:students/gpt2-vocab.gguf";
        await stack.Artifacts.PutFileAsync("students/gpt2-vocab.gguf", SharedFiles.RequireModel("vocab", "ggml-vocab-gpt-2.gguf"), cancellationToken: Cancel);
        await AssertRefusedAsync(gpt2, "architecture 'gpt2' is not supported");

        var badId = good.Clone();
        badId.OutputModelId = "my model!";
        await AssertRefusedAsync(badId, "output_model_id", "'my model!'");

        // Found by the fuzz test: a URL that refuses the connection was UNAVAILABLE without the field's name.
        var unreachable = good.Clone();
        unreachable.BaseModel = $"http://127.0.0.1:{TestSupport.Servers.FreePort.Next()}/student.gguf";
        await AssertRefusedAsync(unreachable, "base_model", "could not be downloaded");

        var outside = good.Clone();
        outside.BaseModel = "/etc/passwd";
        await AssertRefusedAsync(outside, "base_model", "not under a folder this service may read");

        var epochs = good.Clone();
        epochs.Knowledge.Epochs = 0;
        await AssertRefusedAsync(epochs, "knowledge.epochs", "at least 1");

        var noData = good.Clone();
        noData.Data = null;
        await AssertRefusedAsync(noData, "data:");

        var nothingToScoreWith = good.Clone();
        nothingToScoreWith.Evaluation = new CheckpointEvaluation { Limit = 2 };
        await AssertRefusedAsync(nothingToScoreWith, "evaluation:", "taxonomy", "mmlu_branch_key");

        var missingQuestions = good.Clone();
        missingQuestions.Evaluation = new CheckpointEvaluation { MmluBranchKey = "data/no-such-questions.jsonl" };
        await AssertRefusedAsync(missingQuestions, "evaluation.mmlu_branch_key", "'data/no-such-questions.jsonl' is not in the artifact store");

        var tooManyCandidates = good.Clone();
        tooManyCandidates.Evaluation = new CheckpointEvaluation { MmluBranchKey = good.Data.Files.KnowledgeKey, MaxCandidates = 50 };
        await AssertRefusedAsync(tooManyCandidates, "evaluation.max_candidates", "1 to 20");
    }

    [Fact]
    public async Task AJobThatFailsWhileTrainingEndsFailedWithTheReason()
    {
        var request = await Jobs.RequestAsync(stack, "student-too-big", samples: 4, epochs: 1);
        // Passes every check at submit; the worker's memory estimate for micro-batches of two billion tokens refuses it.
        request.Knowledge.MaxBatchTokens = 2_000_000_000;
        var submitted = await stack.Client.SubmitJobAsync(request, cancellationToken: Cancel);
        var job = await Jobs.WaitAsync(stack, submitted.Id, TimeSpan.FromMinutes(2));

        Assert.Equal(TrainingJobState.Failed, job.State);
        Assert.Contains("training needs", job.Error);
        Assert.Null(job.Model);
    }

    private async Task AssertRefusedAsync(SubmitTrainingJobRequest request, params string[] expected)
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => stack.Client.SubmitJobAsync(request, cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.All(expected, text => Assert.Contains(text, e.Status.Detail));
    }
}
