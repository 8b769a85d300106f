using InstructLab.Aspire.Training.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace InstructLab.Aspire.Training.Models;

/// <summary>A Llama-family decoder: token ids [batch, time] → logits [batch, time, vocabulary].</summary>
public sealed class LlamaModel : Module<Tensor, Tensor>
{
    private readonly Embedding embedding;
    private readonly ModuleList<DecoderLayer> layers;
    private readonly RmsNorm outputNorm;
    private readonly Linear? output;
    private readonly Rotary rotary;

    public LlamaModel(LlamaConfig config) : base("llama")
    {
        Config = config;
        embedding = Embedding(config.VocabularySize, config.Width);
        layers = new ModuleList<DecoderLayer>([.. Enumerable.Range(0, config.Layers).Select(i => new DecoderLayer($"layer{i}", config))]);
        outputNorm = new RmsNorm("output_norm", config.Width, config.RmsEpsilon);
        output = config.TiedEmbeddings ? null : Linear(config.Width, config.VocabularySize, hasBias: false);
        rotary = new Rotary("rotary", config);
        RegisterComponents();
    }

    public LlamaConfig Config { get; }

    public Embedding TokenEmbedding => embedding;

    public IList<DecoderLayer> Layers => layers;

    public RmsNorm OutputNorm => outputNorm;

    /// <summary>The output head, or null when it is the token embedding.</summary>
    public Linear? Output => output;

    public override Tensor forward(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        return Head(Hidden(tokens)).MoveToOuterDisposeScope();
    }

    /// <summary>The normalised last hidden states [batch, time, width]: training applies <see cref="Head"/> only where there are labels.</summary>
    public Tensor Hidden(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var x = embedding.forward(tokens);
        foreach (var layer in layers)
        {
            x = layer.forward(x, rotary);
        }
        return outputNorm.forward(x).MoveToOuterDisposeScope();
    }

    /// <summary>Logits of hidden states [..., width] → [..., vocabulary].</summary>
    public Tensor Head(Tensor hidden) => output is null ? functional.linear(hidden, embedding.weight!) : output.forward(hidden);

    /// <summary>Every projection's adapters, by layer.</summary>
    public IEnumerable<Projections> Projections => layers.SelectMany(layer => new[] { layer.Attention.Projections, layer.FeedForward.Projections });
}
