using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace InstructLab.Aspire.Training.Models.Layers;

/// <summary>
/// A layer's named linear projections and the LoRA adapters attached to some of them: y = W·x (+ adapter(x)). The
/// projections stay registered with the layer that owns them (their parameter names do not change); only the adapters
/// are registered here.
/// </summary>
public sealed class Projections : Module
{
    private readonly Dictionary<string, Linear> linears;
    private readonly ModuleDict<LowRankAdapter> adapters = new();

    public Projections(string name, IReadOnlyDictionary<string, Linear> projections) : base(name)
    {
        linears = new Dictionary<string, Linear>(projections, StringComparer.Ordinal);
        RegisterComponents();
    }

    public Linear this[string name] => linears[name];

    public IEnumerable<string> Names => linears.Keys;

    public IEnumerable<(string Name, LowRankAdapter Adapter)> Adapters => adapters.Keys.Select(key => (key, adapters[key]));

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
        return adapter;
    }

    /// <summary>Merges every adapter into its projection and removes it.</summary>
    public void Merge()
    {
        foreach (var (name, adapter) in Adapters.ToList())
        {
            adapter.MergeInto(linears[name]);
        }
        adapters.Clear();
    }
}
