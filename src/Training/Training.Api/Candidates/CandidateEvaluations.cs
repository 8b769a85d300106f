using Google.Protobuf;
using InstructLab.Aspire.Contracts.Training.V1;
using InstructLab.Aspire.Training.Api.Jobs;
using StackExchange.Redis;

namespace InstructLab.Aspire.Training.Api.Candidates;

/// <summary>
/// A job's <see cref="CheckpointEvaluation"/> as submitted (the judge's API key included, so in Redis and never in the
/// plan in the artifact store), and which job each candidate's evaluation belongs to.
/// </summary>
public sealed class CandidateEvaluations(IConnectionMultiplexer redis)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    public Task StoreAsync(Guid job, CheckpointEvaluation evaluation) =>
        redis.GetDatabase().StringSetAsync(TrainingKeys.Evaluation(job), evaluation.ToByteArray(), Lifetime);

    public async Task<CheckpointEvaluation> GetAsync(Guid job)
    {
        var value = await redis.GetDatabase().StringGetAsync(TrainingKeys.Evaluation(job));
        return value.IsNullOrEmpty
            ? throw new InvalidOperationException($"training job {job}'s evaluation request is no longer in Redis (kept {Lifetime.TotalDays} days)")
            : CheckpointEvaluation.Parser.ParseFrom((byte[])value!);
    }

    public Task OwnAsync(Guid evaluation, Guid job) =>
        redis.GetDatabase().StringSetAsync(TrainingKeys.CandidateEvaluation(evaluation), job.ToString("N"), Lifetime);

    /// <summary>The training job whose candidate an evaluation scores, or null for any other evaluation.</summary>
    public async Task<Guid?> OwnerAsync(Guid evaluation)
    {
        var value = await redis.GetDatabase().StringGetAsync(TrainingKeys.CandidateEvaluation(evaluation));
        return !value.IsNullOrEmpty && Guid.TryParseExact(value.ToString(), "N", out var job) ? job : null;
    }
}
