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
    private readonly Projections projections;

    public FeedForward(string name, LlamaConfig config) : base(name)
    {
        gate = Linear(config.Width, config.FeedForward, hasBias: false);
        up = Linear(config.Width, config.FeedForward, hasBias: false);
        down = Linear(config.FeedForward, config.Width, hasBias: false);
        projections = new Projections("projections", new Dictionary<string, Linear> { ["gate"] = gate, ["up"] = up, ["down"] = down });
        RegisterComponents();
    }

    public Linear Gate => gate;

    public Linear Up => up;

    public Linear Down => down;

    /// <summary>gate, up and down, for LoRA adapters.</summary>
    public Projections Projections => projections;

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return projections.Apply("down", functional.silu(projections.Apply("gate", x)) * projections.Apply("up", x)).MoveToOuterDisposeScope();
    }
}
