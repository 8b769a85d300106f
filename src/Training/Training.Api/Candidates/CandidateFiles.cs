using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Contracts.Messages.Training;
using InstructLab.Aspire.Training.Api.Jobs;
using InstructLab.Aspire.Training.Reports;

namespace InstructLab.Aspire.Training.Api.Candidates;

/// <summary>
/// A run's candidates between the worker that trained them and whichever instance publishes the chosen one: each
/// GGUF at <c>training/&lt;job&gt;/candidates/epoch-N/model.gguf</c> (where serving loads it for the evaluations), and
/// the run's report (its model card with every step) at <c>training/&lt;job&gt;/result/</c>.
/// </summary>
public sealed class CandidateFiles(IArtifactStore store)
{
    public async Task<IReadOnlyList<TrainingCandidate>> StoreAsync(Guid job, TrainingResult result, CancellationToken cancellationToken)
    {
        await store.PutFileAsync(TrainingKeys.PendingReport(job), result.Artifacts.ReportJson, "application/json", cancellationToken);
        var candidates = new List<TrainingCandidate>();
        foreach (var candidate in result.Candidates)
        {
            var key = TrainingKeys.Candidate(job, candidate.Epoch);
            await store.PutFileAsync(key, candidate.Path, "application/octet-stream", cancellationToken);
            candidates.Add(new TrainingCandidate
            {
                Phase = candidate.Phase, Epoch = candidate.Epoch, Step = candidate.Step, ModelKey = key,
                HeldOutLoss = double.IsNaN(candidate.HeldOutLoss) ? null : candidate.HeldOutLoss,
            });
        }
        return candidates;
    }

    /// <summary>The chosen candidate's GGUF as <c>FOLDER/model.gguf</c>, and the run's model card.</summary>
    public async Task<(string Model, ModelCard Card)> FetchAsync(Guid job, TrainingCandidate chosen, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var report = Path.Combine(folder, "pending.training-report.json");
        await store.DownloadToFileAsync(TrainingKeys.PendingReport(job), report, cancellationToken);
        var model = Path.Combine(folder, "model.gguf");
        await store.DownloadToFileAsync(chosen.ModelKey, model, cancellationToken);
        return (model, ReportWriter.ReadReport(report));
    }
}
