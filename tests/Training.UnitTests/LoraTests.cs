using InstructLab.Aspire.Gguf.Format;
using InstructLab.Aspire.TestSupport;
using InstructLab.Aspire.Training.Checkpoints;
using InstructLab.Aspire.Training.Models.Gguf;
using InstructLab.Aspire.Training.Progress;
using TorchSharp;

namespace InstructLab.Aspire.Training.UnitTests;

/// <summary>LoRA trains only its adapters; the export holds base + (alpha / r)·B·A in the adapted projections.</summary>
public sealed class LoraTests(ITestOutputHelper output) : IDisposable
{
    private readonly TemporaryDirectory folder = new("lora");

    [Fact]
    public void BaseWeightsStayAndTheMergedExportIsBasePlusScaledBA()
    {
        var basePath = SharedFiles.RequireModel("stories260K.gguf");
        var lora = new LoraSettings { Rank = 4, Alpha = 32, Dropout = 0.1 };
        var request = new TrainingRequest
        {
            BaseModel = basePath,
            KnowledgeData = Samples.WriteQa(folder.Combine("k.jsonl"), Samples.Facts.Select(f => (f.Question, f.Answer))),
            Output = folder.Combine("lora.gguf"),
            Strategy = TrainingStrategy.KnowledgeOnly,
            Knowledge = new PhaseSettings { Epochs = 4, LearningRate = 1e-3, EffectiveBatchSize = 3, WarmupSteps = 1 },
            Lora = lora,
            ExportType = GgmlType.F32,
        };

        var result = TrainingRun.Run(request, new Progress<TrainingEvent>(), TestContext.Current.CancellationToken);

        using var baseModel = LlamaGguf.Load(GgufFile.Open(basePath));
        using var adapted = LlamaGguf.Load(GgufFile.Open(basePath));
        TrainingRun.AttachAdapters(adapted, lora, seed: 42);
        CheckpointStore.LoadWeights(new CheckpointStore(request.CheckpointRoot).Latest("knowledge")!.Value.Path, adapted);
        using var exported = LlamaGguf.Load(GgufFile.Open(request.Output));
        var scale = lora.Alpha / lora.Rank;
        var merged = 0;
        for (var layer = 0; layer < baseModel.Layers.Count; layer++)
        {
            foreach (var name in new[] { "q", "k", "v", "o" })
            {
                var projections = adapted.Layers[layer].Attention.Projections;
                var adapter = projections.Adapters.Single(a => a.Name == name).Adapter;
                var baseWeight = baseModel.Layers[layer].Attention.Projections[name].weight!;
                Assert.True(projections[name].weight!.equal(baseWeight).all().item<bool>(), $"layer {layer} {name}: the base weight changed");
                Assert.True(adapter.B.abs().max().item<float>() > 0, $"layer {layer} {name}: B was not trained");
                var expected = baseWeight + (adapter.B.matmul(adapter.A) * scale);
                var difference = (exported.Layers[layer].Attention.Projections[name].weight! - expected).abs().max().item<float>();
                Assert.True(difference < 1e-6f, $"layer {layer} {name}: |export − (W + s·BA)| = {difference}");
                merged++;
            }
            Assert.True(exported.Layers[layer].FeedForward.Up.weight!.equal(baseModel.Layers[layer].FeedForward.Up.weight!).all().item<bool>(), "a projection without adapter changed");
        }
        output.WriteLine($"{merged} adapted projections merged; trained {result.Card.TrainedParameters:N0} of {result.Card.Parameters:N0} parameters");
        var expectedTrained = baseModel.Layers.Sum(l => new[] { l.Attention.Q, l.Attention.K, l.Attention.V, l.Attention.O }.Sum(p => lora.Rank * (p.weight!.shape[0] + p.weight!.shape[1])));
        Assert.Equal(expectedTrained, result.Card.TrainedParameters);
    }

    public void Dispose() => folder.Dispose();
}
