using InstructLab.Aspire.Training.Batching;
using InstructLab.Aspire.Training.Encoding;
using InstructLab.Aspire.Training.Models;
using InstructLab.Aspire.Training.Optimization;
using static TorchSharp.torch;

namespace InstructLab.Aspire.Training.Selection;

/// <summary>A model's mean answer-token loss on samples it was not trained on (eval mode, no gradients), in token-bounded micro-batches.</summary>
public static class HeldOutLoss
{
    public static double Of(LlamaModel model, IReadOnlyList<EncodedSample> samples, int maxBatchTokens, Device device)
    {
        model.eval();
        using var noGrad = no_grad();
        double sum = 0;
        long tokens = 0;
        foreach (var batch in EpochPlanner.Split(samples, Enumerable.Range(0, samples.Count), Math.Max(maxBatchTokens, samples.Max(s => s.Length))))
        {
            using var scope = NewDisposeScope();
            var (inputs, positions, targets, labelled) = StepGradients.Tensors(samples, batch, device);
            if (labelled == 0)
            {
                continue;
            }
            var hidden = model.Hidden(inputs);
            var logits = model.Head(hidden.reshape(-1, hidden.shape[^1]).index_select(0, positions)).to(float32);
            sum += nn.functional.cross_entropy(logits, targets, reduction: nn.Reduction.Sum).item<float>();
            tokens += labelled;
        }
        model.train();
        return sum / Math.Max(1, tokens);
    }
}
