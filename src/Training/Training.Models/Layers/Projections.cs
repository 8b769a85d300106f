using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace InstructLab.Aspire.Training.Models.Layers;

/// <summary>
/// A layer's named linear projections and the LoRA adapters attached to some of them: y = W·x (+ adapter(x)). The
/// projections stay registered with the layer that owns them (their parameter names do not change); adapters are
/// registered here as they are attached (<c>lora_q</c>, …), so they are in <c>parameters()</c> and in checkpoints.
/// </summary>
public sealed class Projections : Module
{
    private readonly Dictionary<string, Linear> linears;
    private readonly Dictionary<string, LowRankAdapter> adapters = new(StringComparer.Ordinal);

    public Projections(string name, IReadOnlyDictionary<string, Linear> projections) : base(name)
    {
        linears = new Dictionary<string, Linear>(projections, StringComparer.Ordinal);
        RegisterComponents();
    }

    public Linear this[string name] => linears[name];

    public IEnumerable<string> Names => linears.Keys;

    public IEnumerable<(string Name, LowRankAdapter Adapter)> Adapters => adapters.Select(pair => (pair.Key, pair.Value));

    public Tensor Apply(string name, Tensor x)
    {
        var y = linears[name].forward(x);
        return adapters.TryGetValue(name, out var adapter) ? y + adapter.forward(x) : y;
    }

    /// <summary>Attaches a new adapter of rank <paramref name="rank"/> to the projection <paramref name="name"/>.</summary>
    public LowRankAdapter Attach(string name, int rank, double alpha, double dropout)
    {
        var weight = linears[name].weight!;
        var adapter = new LowRankAdapter(name, weight.shape[1], weight.shape[0], rank, alpha, dropout);
        adapter.to(weight.device);
        adapters.Add(name, adapter);
        register_module($"lora_{name}", adapter);
        return adapter;
    }

    /// <summary>Merges every adapter into its projection; the adapters stay registered with B at zero, and unused.</summary>
    public void Merge()
    {
        FoldAdapters();
        adapters.Clear();
    }

    /// <summary>
    /// Adds every adapter's product into its projection's weight and zeroes its B, the adapters still attached (the
    /// layer computes the same): the weights an export writes, with the module as it was, so a checkpoint loads into it.
    /// </summary>
    public void FoldAdapters()
    {
        foreach (var (name, adapter) in Adapters)
        {
            adapter.MergeInto(linears[name]);
        }
    }
}
