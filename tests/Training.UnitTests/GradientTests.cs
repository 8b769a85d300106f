using InstructLab.Aspire.Gguf.Format;
using InstructLab.Aspire.LlamaCpp;
using InstructLab.Aspire.LlamaCpp.Templates;
using InstructLab.Aspire.TestSupport;
using InstructLab.Aspire.Training.Batching;
using InstructLab.Aspire.Training.Encoding;
using InstructLab.Aspire.Training.Models.Gguf;
using InstructLab.Aspire.Training.Optimization;
using TorchSharp;

namespace InstructLab.Aspire.Training.UnitTests;

/// <summary>An optimizer step's gradient does not depend on how its samples are cut into micro-batches.</summary>
public sealed class GradientTests(ITestOutputHelper output)
{
    [Fact]
    public void AStepsGradientIsTheSameHoweverItsSamplesAreSplit()
    {
        var path = SharedFiles.RequireModel("stories260K.gguf");
        using var tokenizer = GgufTokenizer.Open(path);
        var encoder = new SampleEncoder(ChatTemplate.Create(DefaultChatTemplate.Source, null, "<s>", "</s>")!, tokenizer);
        var samples = Samples.Facts.Select(f => encoder.Encode(Samples.Line(("user", f.Question), ("assistant", f.Answer)))).ToList();
        var order = Enumerable.Range(0, samples.Count).ToArray();
        var longest = samples.Max(s => s.Length);

        var whole = Gradients(path, samples, EpochPlanner.Steps(samples, order, samples.Count, longest * samples.Count).Single());
        var split = EpochPlanner.Steps(samples, order, samples.Count, longest).Single();
        var pieces = Gradients(path, samples, split);

        Assert.Equal(samples.Count, split.MicroBatches.Count);
        var difference = whole.Zip(pieces).Max(p => p.First.Zip(p.Second).Max(x => Math.Abs(x.First - x.Second)));
        output.WriteLine($"{split.MicroBatches.Count} micro-batches vs 1: max |Δgrad| = {difference:E2}; max |grad| = {whole.Max(g => g.Max(Math.Abs)):E2}");
        Assert.True(difference < 1e-5, $"max |Δgrad| = {difference}");
        Assert.True(whole.Max(g => g.Max(Math.Abs)) > 1e-3, "the gradients are not all zero");
    }

    private static List<float[]> Gradients(string path, List<EncodedSample> samples, OptimizerStep step)
    {
        using var model = LlamaGguf.Load(GgufFile.Open(path));
        StepGradients.Accumulate(model, samples, step, LossReduction.Step, torch.CPU);
        return [.. model.parameters().Select(p => p.grad!.data<float>().ToArray())];
    }
}
