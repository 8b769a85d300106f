using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace InstructLab.Aspire.Training.Models.Layers;

/// <summary>SwiGLU: down(silu(gate(x)) · up(x)).</summary>
public sealed class FeedForward : Module<Tensor, Tensor>
{
    private readonly Linear gate;
    private readonly Linear up;
    private readonly Linear down;

    public FeedForward(string name, LlamaConfig config) : base(name)
    {
        gate = Linear(config.Width, config.FeedForward, hasBias: false);
        up = Linear(config.Width, config.FeedForward, hasBias: false);
        down = Linear(config.FeedForward, config.Width, hasBias: false);
        RegisterComponents();
    }

    public Linear Gate => gate;

    public Linear Up => up;

    public Linear Down => down;

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return down.forward(functional.silu(gate.forward(x)) * up.forward(x)).MoveToOuterDisposeScope();
    }
}
