using System.Runtime.InteropServices;
using InstructLab.Aspire.Gguf.Format;
using InstructLab.Aspire.TestSupport;
using InstructLab.Aspire.Training.Progress;

namespace InstructLab.Aspire.Training.UnitTests;

/// <summary>
/// A run asked for candidates exports the last phase's last epoch ends as GGUFs (what a training job scores through the
/// evaluation service), LoRA adapters merged into each, and still exports the chosen weights as its output.
/// </summary>
public sealed class CandidateExportTests : IDisposable
{
    private readonly TemporaryDirectory folder = new("candidates");

    [Fact]
    public void TheLastEpochEndsAreExportedWithTheirAdaptersMergedAndTheLastEqualsTheOutput()
    {
        var result = TrainingRun.Run(new TrainingRequest
        {
            BaseModel = SharedFiles.RequireModel("stories260K.gguf"),
            KnowledgeData = Samples.WriteQa(folder.Combine("k.jsonl"), Samples.Facts.Select(f => (f.Question, f.Answer))),
            Output = folder.Combine("out.gguf"),
            Strategy = TrainingStrategy.KnowledgeOnly,
            Knowledge = new PhaseSettings { Epochs = 3, LearningRate = 1e-2, EffectiveBatchSize = 3 },
            Lora = new LoraSettings { Rank = 4, Alpha = 32, Dropout = 0 },
            CandidateDirectory = folder.Combine("candidates"),
            MaxCandidates = 2,
        }, new Progress<TrainingEvent>(), TestContext.Current.CancellationToken);

        Assert.Equal([2, 3], result.Candidates.Select(c => c.Epoch));
        Assert.All(result.Candidates, c => Assert.Equal(("knowledge", folder.Combine("candidates", $"epoch-{c.Epoch}.gguf")), (c.Phase, c.Path)));
        // No held-out samples: the output is the last weights, as the last candidate is; the one before differs.
        var output = Weights(result.Artifacts.Model);
        var last = Weights(result.Candidates[1].Path);
        var before = Weights(result.Candidates[0].Path);
        Assert.All(output, t => Assert.True(t.Value.AsSpan().SequenceEqual(last[t.Key]), $"{t.Key}: the last candidate differs from the output"));
        Assert.Contains(output, t => !t.Value.AsSpan().SequenceEqual(before[t.Key]));
        Assert.All(result.Candidates, c => Assert.True(double.IsNaN(c.HeldOutLoss)));
    }

    private static Dictionary<string, byte[]> Weights(string gguf)
    {
        var file = GgufFile.Open(gguf);
        return file.Tensors.ToDictionary(t => t.Name, t => MemoryMarshal.AsBytes(file.ReadFloats(t).AsSpan()).ToArray());
    }

    public void Dispose() => folder.Dispose();
}
