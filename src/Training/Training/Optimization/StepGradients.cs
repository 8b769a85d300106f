using InstructLab.Aspire.Training.Batching;
using InstructLab.Aspire.Training.Encoding;
using InstructLab.Aspire.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace InstructLab.Aspire.Training.Optimization;

/// <summary>
/// Accumulates one optimizer step's gradients over its micro-batches. The output head is applied only at positions
/// whose next token is labelled; the step's loss is the sum of its token losses ÷ its labelled tokens (or, as a named
/// compatibility option, InstructLab 0.10's mean of per-micro-batch means).
/// </summary>
public static class StepGradients
{
    /// <summary>Runs forward and backward for every micro-batch; returns the step's loss (mean over labelled tokens).</summary>
    public static double Accumulate(LlamaModel model, IReadOnlyList<EncodedSample> samples, OptimizerStep step, LossReduction reduction, Device device)
    {
        var lossSum = 0.0;
        foreach (var batch in step.MicroBatches)
        {
            using var scope = NewDisposeScope();
            var (inputs, positions, targets, labelled) = Tensors(samples, batch, device);
            if (labelled == 0)
            {
                continue;
            }
            var hidden = model.Hidden(inputs);
            var selected = hidden.reshape(-1, hidden.shape[^1]).index_select(0, positions);
            var logits = model.Head(selected).to(float32);
            var sum = nn.functional.cross_entropy(logits, targets, reduction: nn.Reduction.Sum);
            var divisor = reduction == LossReduction.Step ? step.LabelledTokens : (double)labelled * step.MicroBatches.Count;
            (sum / divisor).backward();
            lossSum += sum.item<float>();
        }
        // Reported as the step's mean token loss whatever the reduction, so curves compare across options.
        return lossSum / Math.Max(1, step.LabelledTokens);
    }

    /// <summary>Right-padded inputs [n, L], the flat positions whose next token is labelled, and those next tokens.</summary>
    internal static (Tensor Inputs, Tensor Positions, Tensor Targets, int Labelled) Tensors(IReadOnlyList<EncodedSample> samples, MicroBatch batch, Device device)
    {
        var length = batch.PaddedLength;
        var inputs = new long[batch.Samples.Length * length];
        var positions = new List<long>();
        var targets = new List<long>();
        for (var row = 0; row < batch.Samples.Length; row++)
        {
            var sample = samples[batch.Samples[row]];
            for (var t = 0; t < sample.Length; t++)
            {
                inputs[(row * length) + t] = sample.Tokens[t];
                if (t + 1 < sample.Length && sample.Labels[t + 1])
                {
                    positions.Add((row * length) + t);
                    targets.Add(sample.Tokens[t + 1]);
                }
            }
        }
        return (tensor(inputs, [batch.Samples.Length, length], device: device),
            tensor(positions.ToArray(), device: device),
            tensor(targets.ToArray(), device: device),
            positions.Count);
    }
}
