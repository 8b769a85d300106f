using System.Collections.Concurrent;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Generation.Pipelines;

namespace InstructLab.Aspire.Generation.Jobs;

/// <summary>
/// Plans in the artifact store, read once per process and kept with their pipelines parsed: a worker that runs many
/// batches of a job reads its plan once.
/// </summary>
public sealed class PlanStore(IArtifactStore store)
{
    private const int Kept = 16;
    private readonly ConcurrentDictionary<string, Lazy<Task<LoadedPlan>>> plans = new(StringComparer.Ordinal);

    public Task WriteAsync(string key, JobPlan plan, CancellationToken cancellationToken) => store.PutJsonAsync(key, plan, cancellationToken);

    public async Task<LoadedPlan> ReadAsync(string key, CancellationToken cancellationToken)
    {
        if (plans.Count > Kept)
        {
            plans.Clear();
        }
        var lazy = plans.GetOrAdd(key, k => new Lazy<Task<LoadedPlan>>(() => LoadAsync(k)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch when (lazy.Value.IsFaulted)
        {
            plans.TryRemove(new KeyValuePair<string, Lazy<Task<LoadedPlan>>>(key, lazy));
            throw;
        }
    }

    private async Task<LoadedPlan> LoadAsync(string key)
    {
        var plan = await store.ReadJsonAsync<JobPlan>(key);
        var selection = new PipelineLibrary(plan.Pipelines).Select([.. plan.Leaves.Select(l => l.Pipeline).Distinct(StringComparer.Ordinal)]);
        return new LoadedPlan(plan, selection.Pipelines.ToDictionary(p => p.Name, StringComparer.Ordinal));
    }
}

/// <summary>A plan and its pipelines, parsed.</summary>
public sealed record LoadedPlan(JobPlan Plan, IReadOnlyDictionary<string, Pipeline> Pipelines)
{
    public Pipeline PipelineOf(PlanLeaf leaf) => Pipelines[leaf.Pipeline];
}
