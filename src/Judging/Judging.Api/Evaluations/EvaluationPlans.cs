using System.Collections.Concurrent;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Evaluations;
using InstructLab.Aspire.Evaluations.Items;

namespace InstructLab.Aspire.Judging.Api.Evaluations;

/// <summary>Plans and their items from the artifact store, the last few kept in memory: a worker reads an evaluation's items once, not once per batch.</summary>
public sealed class EvaluationPlans(IArtifactStore store)
{
    private const int Kept = 4;
    private readonly ConcurrentDictionary<string, Lazy<Task<LoadedEvaluation>>> loaded = new(StringComparer.Ordinal);

    public async Task<LoadedEvaluation> ReadAsync(string planKey, CancellationToken cancellationToken)
    {
        var lazy = loaded.GetOrAdd(planKey, key => new Lazy<Task<LoadedEvaluation>>(() => LoadAsync(key)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            loaded.TryRemove(new KeyValuePair<string, Lazy<Task<LoadedEvaluation>>>(planKey, lazy));
            throw;
        }
        finally
        {
            foreach (var old in loaded.Keys.Where(k => k != planKey).Skip(Kept - 1).ToList())
            {
                loaded.TryRemove(old, out _);
            }
        }
    }

    public async Task WriteAsync(EvaluationPlan plan, IReadOnlyList<EvaluationItem> items, CancellationToken cancellationToken)
    {
        await store.PutJsonAsync(plan.ItemsKey, items, cancellationToken);
        await store.PutJsonAsync(EvaluationKeys.Plan(plan.Id), plan, cancellationToken);
    }

    private async Task<LoadedEvaluation> LoadAsync(string planKey)
    {
        var plan = await store.ReadJsonAsync<EvaluationPlan>(planKey);
        var items = await store.ReadJsonAsync<List<EvaluationItem>>(plan.ItemsKey);
        return new LoadedEvaluation(plan, items);
    }
}

public sealed record LoadedEvaluation(EvaluationPlan Plan, IReadOnlyList<EvaluationItem> Items);
