using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace InstructLab.Aspire.Training.Models.Layers;

/// <summary>Pre-norm residual block: x + attention(norm(x)), then + feed_forward(norm(·)).</summary>
public sealed class DecoderLayer : Module<Tensor, Rotary, Tensor>
{
    private readonly RmsNorm attentionNorm;
    private readonly Attention attention;
    private readonly RmsNorm feedForwardNorm;
    private readonly FeedForward feedForward;

    public DecoderLayer(string name, LlamaConfig config) : base(name)
    {
        attentionNorm = new RmsNorm("attention_norm", config.Width, config.RmsEpsilon);
        attention = new Attention("attention", config);
        feedForwardNorm = new RmsNorm("feed_forward_norm", config.Width, config.RmsEpsilon);
        feedForward = new FeedForward("feed_forward", config);
        RegisterComponents();
    }

    public RmsNorm AttentionNorm => attentionNorm;

    public Attention Attention => attention;

    public RmsNorm FeedForwardNorm => feedForwardNorm;

    public FeedForward FeedForward => feedForward;

    public override Tensor forward(Tensor x, Rotary rotary)
    {
        using var scope = NewDisposeScope();
        var h = x + attention.forward(attentionNorm.forward(x), rotary);
        return (h + feedForward.forward(feedForwardNorm.forward(h))).MoveToOuterDisposeScope();
    }
}
