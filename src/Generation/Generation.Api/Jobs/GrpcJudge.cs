using InstructLab.Aspire.Contracts.Judging.V1;
using InstructLab.Aspire.Contracts.Suite.V1;
using InstructLab.Aspire.Generation.Pipelines;
using InstructLab.Aspire.Judging;
using Judgment = InstructLab.Aspire.Judging.Judgment;
using Proto = InstructLab.Aspire.Contracts.Judging.V1;

namespace InstructLab.Aspire.Generation.Api.Jobs;

/// <summary>A job's judge: the judging service over gRPC, the job's judge endpoint and seed in every request.</summary>
public sealed class GrpcJudge(JudgingService.JudgingServiceClient client, ChatEndpoint? endpoint, long seed, int batchSize) : IJudge
{
    public async Task<IReadOnlyList<Judgment>> JudgeAsync(string rubric, IReadOnlyList<JudgeInput> inputs, CancellationToken cancellationToken)
    {
        var calls = inputs.Chunk(Math.Max(1, batchSize)).Select(async chunk =>
        {
            var request = new JudgeRequest { Rubric = rubric, Endpoint = endpoint, Seed = seed };
            request.Items.AddRange(chunk.Select(input => new JudgeItem
            {
                Id = input.Id,
                Question = input.Question,
                Answer = input.Answer,
                Context = input.Context,
                Criteria = input.Criteria,
            }));
            var response = await client.JudgeAsync(request, cancellationToken: cancellationToken);
            return response.Judgments.Select(FromProto);
        });
        return [.. (await Task.WhenAll(calls)).SelectMany(j => j)];
    }

    private static Judgment FromProto(Proto.Judgment judgment) => new(judgment.Id, judgment.Score, judgment.Label, judgment.Explanation,
        judgment.ParseStatus switch
        {
            Proto.ParseStatus.Structured => Judging.ParseStatus.Structured,
            Proto.ParseStatus.Text => Judging.ParseStatus.Text,
            _ => Judging.ParseStatus.Unparsed,
        }, judgment.FromCache, judgment.JudgeTokens);
}
