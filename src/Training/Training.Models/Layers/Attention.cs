using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace InstructLab.Aspire.Training.Models.Layers;

/// <summary>Causal self-attention with grouped-query heads (key/value heads repeated, as SDPA has no GQA flag).</summary>
public sealed class Attention : Module<Tensor, Rotary, Tensor>
{
    private readonly Linear q;
    private readonly Linear k;
    private readonly Linear v;
    private readonly Linear o;
    private readonly Projections projections;
    private readonly int heads;
    private readonly int keyValueHeads;
    private readonly int headDimension;

    public Attention(string name, LlamaConfig config) : base(name)
    {
        heads = config.Heads;
        keyValueHeads = config.KeyValueHeads;
        headDimension = config.HeadDimension;
        q = Linear(config.Width, heads * headDimension, hasBias: config.AttentionBias);
        k = Linear(config.Width, keyValueHeads * headDimension, hasBias: config.AttentionBias);
        v = Linear(config.Width, keyValueHeads * headDimension, hasBias: config.AttentionBias);
        o = Linear(heads * headDimension, config.Width, hasBias: false);
        projections = new Projections("projections", new Dictionary<string, Linear> { ["q"] = q, ["k"] = k, ["v"] = v, ["o"] = o });
        RegisterComponents();
    }

    public Linear Q => q;

    public Linear K => k;

    public Linear V => v;

    public Linear O => o;

    /// <summary>q, k, v and o, for LoRA adapters.</summary>
    public Projections Projections => projections;

    public override Tensor forward(Tensor x, Rotary rotary)
    {
        using var scope = NewDisposeScope();
        var (batch, time) = (x.shape[0], x.shape[1]);
        var query = rotary.Apply(projections.Apply("q", x).view(batch, time, heads, headDimension).transpose(1, 2));
        var key = rotary.Apply(projections.Apply("k", x).view(batch, time, keyValueHeads, headDimension).transpose(1, 2));
        var value = projections.Apply("v", x).view(batch, time, keyValueHeads, headDimension).transpose(1, 2);
        if (keyValueHeads != heads)
        {
            key = key.repeat_interleave(heads / keyValueHeads, dim: 1);
            value = value.repeat_interleave(heads / keyValueHeads, dim: 1);
        }
        var attended = functional.scaled_dot_product_attention(query, key, value, is_casual: true);
        return projections.Apply("o", attended.transpose(1, 2).reshape(batch, time, heads * headDimension)).MoveToOuterDisposeScope();
    }
}
