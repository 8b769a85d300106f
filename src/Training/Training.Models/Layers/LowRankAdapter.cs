using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace InstructLab.Aspire.Training.Models.Layers;

/// <summary>
/// LoRA: a trainable low-rank update (alpha / r) · B·A beside a frozen projection. A starts as PEFT starts it
/// (Kaiming-uniform), B at zero, so an adapted model begins as its base.
/// </summary>
public sealed class LowRankAdapter : Module<Tensor, Tensor>
{
    private readonly Parameter a;
    private readonly Parameter b;
    private readonly Dropout dropout;

    public LowRankAdapter(string name, long inputs, long outputs, int rank, double alpha, double dropoutRate) : base(name)
    {
        a = new Parameter(empty(rank, inputs));
        b = new Parameter(zeros(outputs, rank));
        init.kaiming_uniform_(a, Math.Sqrt(5));
        dropout = Dropout(dropoutRate);
        Scale = alpha / rank;
        RegisterComponents();
    }

    public Parameter A => a;

    public Parameter B => b;

    /// <summary>alpha / r.</summary>
    public double Scale { get; }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return (functional.linear(functional.linear(dropout.forward(x), a), b) * Scale).MoveToOuterDisposeScope();
    }

    /// <summary>Adds (alpha / r) · B·A into <paramref name="target"/> and sets B to zero (the update now lives in the weight).</summary>
    public void MergeInto(Linear target)
    {
        using var noGrad = no_grad();
        target.weight!.add_(b.matmul(a), alpha: Scale);
        b.zero_();
    }
}
