using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace InstructLab.Aspire.Training.Models.Layers;

/// <summary>RMSNorm (TorchSharp has none), computed in f32 whatever the weights' type, as llama.cpp does.</summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly float epsilon;

    public RmsNorm(string name, int size, float epsilon) : base(name)
    {
        weight = new Parameter(ones(size));
        this.epsilon = epsilon;
        RegisterComponents();
    }

    public Parameter Weight => weight;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input.to(float32);
        var normalized = x * rsqrt(x.square().mean([-1], keepdim: true) + epsilon);
        return (normalized.to(input.dtype) * weight).MoveToOuterDisposeScope();
    }
}
