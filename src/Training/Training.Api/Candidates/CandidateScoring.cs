using Grpc.Core;
using InstructLab.Aspire.Contracts.Judging.V1;
using InstructLab.Aspire.Contracts.Messages.Training;
using InstructLab.Aspire.Contracts.Suite.V1;
using InstructLab.Aspire.Contracts.Training.V1;
using InstructLab.Aspire.Hosting.Grpc;
using InstructLab.Aspire.Training.Api.Jobs;
using MassTransit;

namespace InstructLab.Aspire.Training.Api.Candidates;

/// <summary>
/// The evaluations that score a job's candidates, one per candidate and benchmark (MT-Bench-branch on the taxonomy's
/// changed skill leaves, MMLU-branch on generated knowledge questions), each next to the job's base model. Their ids
/// derive from the job's, so a repeated start finds what the first one started; once every one has ended, the scores
/// go to the job's state machine.
/// </summary>
public sealed partial class CandidateScoring(
    CandidateEvaluations evaluations, SuiteClients clients, ModelSources models, ILogger<CandidateScoring> logger)
{
    public const string MtBenchBranch = "mt_bench_branch";
    public const string MmluBranch = "mmlu_branch";

    /// <summary>Starts every evaluation; those the evaluation service refuses become notices.</summary>
    public async Task<(IReadOnlyList<Guid> Started, IReadOnlyList<string> Refused)> StartAsync(TrainingPlan plan, IReadOnlyList<TrainingCandidate> candidates,
        CancellationToken cancellationToken)
    {
        var evaluation = await evaluations.GetAsync(plan.JobId);
        var baseModel = new ChatEndpoint { Model = ModelSources.ArtifactPrefix + await models.ArtifactKeyAsync(plan.BaseModel, TrainingKeys.BaseModel(plan.JobId), cancellationToken) };
        var options = new EvaluationOptions
        {
            Limit = evaluation.Limit,
            MaxAnswerTokens = evaluation.MaxAnswerTokens > 0 ? evaluation.MaxAnswerTokens : 256,
            Seed = evaluation.HasSeed ? evaluation.Seed : plan.Seed,
        };
        var (started, refused) = (new List<Guid>(), new List<string>());
        foreach (var candidate in candidates)
        {
            foreach (var benchmark in Benchmarks(evaluation))
            {
                var id = Id(plan.JobId, candidate, benchmark);
                var run = new RunEvaluationRequest
                {
                    Benchmark = benchmark,
                    Name = $"{plan.Name}: {candidate.Phase} epoch {candidate.Epoch}",
                    Model = new ChatEndpoint { Model = ModelSources.ArtifactPrefix + candidate.ModelKey },
                    BaseModel = baseModel,
                    Options = options,
                    RequestId = id.ToString(),
                };
                if (benchmark == MtBenchBranch)
                {
                    run.Judge = evaluation.Judge ?? new();
                    run.Taxonomy = evaluation.Taxonomy;
                    run.Base = evaluation.Base;
                }
                else
                {
                    run.Data.Add(new DataFile { Path = "mmlu_branch.jsonl", ArtifactKey = evaluation.MmluBranchKey });
                }
                await evaluations.OwnAsync(id, plan.JobId);
                try
                {
                    await clients.Evaluation.RunAsync(run, cancellationToken: cancellationToken);
                    started.Add(id);
                }
                catch (RpcException e) when (e.StatusCode is StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.NotFound)
                {
                    refused.Add($"{benchmark} of {candidate.Phase} epoch {candidate.Epoch} refused: {e.Status.Detail}");
                    LogRefused(plan.JobId, benchmark, candidate.Epoch, e.Status.Detail);
                }
            }
        }
        return (started, refused);
    }

    /// <summary>
    /// When every started evaluation has ended: the candidates with their scores (a failed or cancelled evaluation
    /// leaves its score out, with a notice). Null while any still runs.
    /// </summary>
    public async Task<TrainingCandidatesScored?> TryCollectAsync(Guid job, IReadOnlyList<TrainingCandidate> candidates, IReadOnlyCollection<Guid> started,
        CancellationToken cancellationToken)
    {
        var ended = new Dictionary<Guid, Evaluation>();
        foreach (var id in started)
        {
            var evaluation = await clients.Evaluation.GetAsync(new GetEvaluationRequest { Id = id.ToString() }, cancellationToken: cancellationToken);
            if (evaluation.State is not (EvaluationState.Completed or EvaluationState.Failed or EvaluationState.Cancelled))
            {
                return null;
            }
            ended[id] = evaluation;
        }
        var notices = new List<string>();
        var judge = "";
        double? Score(TrainingCandidate candidate, string benchmark)
        {
            if (!ended.TryGetValue(Id(job, candidate, benchmark), out var evaluation))
            {
                return null;
            }
            if (evaluation.State != EvaluationState.Completed)
            {
                notices.Add($"{benchmark} of {candidate.Phase} epoch {candidate.Epoch} {evaluation.State.ToString().ToLowerInvariant()}: {evaluation.Error}");
                return null;
            }
            if (benchmark == MtBenchBranch)
            {
                judge = evaluation.JudgeModel;
            }
            return evaluation.Score;
        }
        var scored = candidates.Select(c => c with { MtBenchBranch = Score(c, MtBenchBranch), MmluBranch = Score(c, MmluBranch) }).ToList();
        return new TrainingCandidatesScored { JobId = job, Candidates = scored, Judge = judge, Notices = notices };
    }

    private static IEnumerable<string> Benchmarks(CheckpointEvaluation evaluation)
    {
        if (evaluation.Taxonomy is not null)
        {
            yield return MtBenchBranch;
        }
        if (evaluation.MmluBranchKey is { Length: > 0 })
        {
            yield return MmluBranch;
        }
    }

    private static Guid Id(Guid job, TrainingCandidate candidate, string benchmark) =>
        RequestIds.Derive(job, $"candidate/{candidate.Phase}/{candidate.Epoch}/{benchmark}");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Training job {Job}: {Benchmark} of epoch {Epoch} refused: {Reason}")]
    private partial void LogRefused(Guid job, string benchmark, int epoch, string reason);
}
