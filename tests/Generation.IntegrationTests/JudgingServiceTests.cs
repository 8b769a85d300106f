using Grpc.Core;
using Grpc.Net.Client;
using InstructLab.Aspire.Contracts.Judging.V1;

namespace InstructLab.Aspire.Generation.IntegrationTests;

/// <summary>The judging service over gRPC, judging with the shared ChatML model through serving's structured output.</summary>
public sealed class JudgingServiceTests(GenerationSuite suite) : IDisposable
{
    private readonly GrpcChannel channel = suite.Stack.Channel(suite.Stack.JudgingUrl);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private JudgingService.JudgingServiceClient Client => new(channel);

    public void Dispose() => channel.Dispose();

    [Fact]
    public async Task EveryRubricGivesOnlyItsOwnScoresWithStructuredOutput()
    {
        var rubrics = (await Client.ListRubricsAsync(new ListRubricsRequest(), cancellationToken: Cancel)).Rubrics;
        Assert.Equal(["question_quality", "answer_rating", "faithfulness", "relevancy", "score", "mc_answer"], rubrics.Select(r => r.Name));

        foreach (var rubric in rubrics)
        {
            var request = new JudgeRequest { Rubric = rubric.Name, Seed = 9 };
            request.Items.Add(Item("a", "What colour is the sky?", "Blue, on a clear day.", "The sky is blue on clear days."));
            request.Items.Add(Item("b", "Name a prime number.", "Nine.", "Primes are numbers with exactly two divisors."));

            var response = await Client.JudgeAsync(request, cancellationToken: Cancel);

            Assert.Equal(["a", "b"], response.Judgments.Select(j => j.Id));
            Assert.All(response.Judgments, judgment =>
            {
                Assert.Equal(ParseStatus.Structured, judgment.ParseStatus);
                var index = rubric.Scores.IndexOf(judgment.Score);
                Assert.True(index >= 0, $"{rubric.Name}: score {judgment.Score} is not one of {string.Join(", ", rubric.Scores)}");
                Assert.Equal(rubric.Labels[index], judgment.Label);
                Assert.InRange(judgment.Explanation.Length, 1, 40);
            });
            Assert.Equal(2, response.JudgeCalls + response.CachedCalls);
        }
    }

    [Fact]
    public async Task TheSameRequestIsAnsweredFromTheCacheWithTheSameJudgments()
    {
        var request = new JudgeRequest { Rubric = "answer_rating", Seed = 77 };
        request.Items.Add(Item("x", "How many legs has a spider?", "Eight.", ""));

        var first = await Client.JudgeAsync(request, cancellationToken: Cancel);
        var again = await Client.JudgeAsync(request, cancellationToken: Cancel);

        Assert.Equal((1, 0), (first.JudgeCalls, first.CachedCalls));
        Assert.Equal((0, 1), (again.JudgeCalls, again.CachedCalls));
        Assert.Equal((first.Judgments[0].Score, first.Judgments[0].Explanation), (again.Judgments[0].Score, again.Judgments[0].Explanation));
        Assert.True(again.Judgments[0].FromCache);
    }

    [Fact]
    public async Task AStreamAnswersEveryItemOfEveryMessage()
    {
        using var call = Client.JudgeStream(cancellationToken: Cancel);
        foreach (var batch in new[] { new[] { "s1", "s2" }, new[] { "s3" } })
        {
            var request = new JudgeRequest { Rubric = "relevancy", Seed = 5 };
            request.Items.AddRange(batch.Select(id => Item(id, $"Question {id}?", $"Answer {id}.", "")));
            await call.RequestStream.WriteAsync(request, Cancel);
        }
        await call.RequestStream.CompleteAsync();

        var judgments = await call.ResponseStream.ReadAllAsync(Cancel).ToListAsync(Cancel);

        Assert.Equal(["s1", "s2", "s3"], judgments.Select(j => j.Id).Order(StringComparer.Ordinal));
        Assert.All(judgments, j => Assert.InRange(j.Score, 0, 2));
    }

    [Theory]
    [InlineData("faithfulness", "", "items[1].context: rubric 'faithfulness' reads question, answer, context; 'context' is empty")]
    [InlineData("helpfulness", "ctx", "rubric: unknown rubric 'helpfulness' (allowed: question_quality, answer_rating, faithfulness, relevancy, score, mc_answer)")]
    public async Task AWrongRequestIsRefusedNamingTheField(string rubric, string context, string message)
    {
        var request = new JudgeRequest { Rubric = rubric };
        request.Items.Add(Item("1", "q?", "a.", "ctx"));
        request.Items.Add(Item("2", "q?", "a.", context));

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.JudgeAsync(request, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal((StatusCode.InvalidArgument, message), (error.StatusCode, error.Status.Detail));
    }

    private static JudgeItem Item(string id, string question, string answer, string context) =>
        new() { Id = id, Question = question, Answer = answer, Context = context };
}
