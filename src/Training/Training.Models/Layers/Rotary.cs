using TorchSharp;
using static TorchSharp.torch;

namespace InstructLab.Aspire.Training.Models.Layers;

/// <summary>
/// Rotary position embedding as llama.cpp applies it: θᵢ = scale · position · base^(−2i/d) over the first d dimensions
/// of each head, rotating adjacent pairs (llama: the Q/K weights in GGUF are permuted for this) or the two halves (qwen2).
/// </summary>
public sealed class Rotary : nn.Module
{
    private readonly Tensor cos;
    private readonly Tensor sin;
    private readonly int dimensions;
    private readonly RopeStyle style;

    public Rotary(string name, LlamaConfig config) : base(name)
    {
        dimensions = config.RopeDimensions;
        style = config.RopeStyle;
        var frequencies = pow(config.RopeFreqBase, arange(0, dimensions, 2, dtype: float64) / -dimensions);
        var positions = arange(config.ContextLength, dtype: float64) * config.RopeFreqScale;
        var angles = outer(positions, frequencies);                       // [positions, d/2]
        cos = angles.cos().to(float32);
        sin = angles.sin().to(float32);
        register_buffer("cos", cos, persistent: false);
        register_buffer("sin", sin, persistent: false);
    }

    /// <summary>Rotates <paramref name="x"/> of shape [batch, heads, time, head_dim], positions starting at 0.</summary>
    public Tensor Apply(Tensor x)
    {
        using var scope = NewDisposeScope();
        var time = x.shape[2];
        var c = cos[..(int)time].to(x.dtype);                            // [time, d/2]
        var s = sin[..(int)time].to(x.dtype);
        var rotated = x[TensorIndex.Ellipsis, ..dimensions];
        var rest = x[TensorIndex.Ellipsis, dimensions..];
        Tensor output;
        if (style == RopeStyle.Interleaved)
        {
            var pairs = rotated.reshape([.. rotated.shape[..^1], dimensions / 2, 2]);
            var even = pairs[TensorIndex.Ellipsis, 0];
            var odd = pairs[TensorIndex.Ellipsis, 1];
            output = stack([even * c - odd * s, even * s + odd * c], -1).reshape(rotated.shape);
        }
        else
        {
            var first = rotated[TensorIndex.Ellipsis, ..(dimensions / 2)];
            var second = rotated[TensorIndex.Ellipsis, (dimensions / 2)..];
            output = cat([first * c - second * s, first * s + second * c], -1);
        }
        return (rest.shape[^1] > 0 ? cat([output, rest], -1) : output).MoveToOuterDisposeScope();
    }
}
