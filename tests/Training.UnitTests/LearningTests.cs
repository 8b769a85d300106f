using InstructLab.Aspire.Gguf.Format;
using InstructLab.Aspire.LlamaCpp;
using InstructLab.Aspire.LlamaCpp.Templates;
using InstructLab.Aspire.Models.UnitTests;
using InstructLab.Aspire.TestSupport;
using InstructLab.Aspire.Training.Encoding;
using InstructLab.Aspire.Training.Models;
using InstructLab.Aspire.Training.Models.Gguf;
using InstructLab.Aspire.Training.Progress;
using TorchSharp;
using static TorchSharp.torch;

namespace InstructLab.Aspire.Training.UnitTests;

/// <summary>
/// stories260K fine-tuned on six facts learns them (answer-token loss at least halved, and lower on rephrased questions
/// it never saw), and the GGUF it is exported to computes in llama.cpp what the trained torch model computes.
/// </summary>
public sealed class LearningTests(ITestOutputHelper output) : IDisposable
{
    private readonly TemporaryDirectory folder = new("learning");

    [Fact]
    public void FineTuningLearnsTheAnswersAndTheExportMatchesLlamaCpp()
    {
        var basePath = SharedFiles.RequireModel("stories260K.gguf");
        var data = Samples.WriteQa(folder.Combine("knowledge.jsonl"), Samples.Facts.Select(f => (f.Question, f.Answer)));
        var output1 = folder.Combine("student.gguf");
        var notices = new List<TrainingEvent>();

        var result = TrainingRun.Run(new TrainingRequest
        {
            BaseModel = basePath,
            KnowledgeData = data,
            Output = output1,
            Strategy = TrainingStrategy.KnowledgeOnly,
            Knowledge = new PhaseSettings { Epochs = 30, LearningRate = 3e-3, EffectiveBatchSize = 6, WarmupSteps = 3 },
            ExportType = GgmlType.F32,
        }, new Progress(notices), TestContext.Current.CancellationToken);

        var (trainedBefore, heldOutBefore) = AnswerLosses(basePath);
        var (trainedAfter, heldOutAfter) = AnswerLosses(output1);
        output.WriteLine($"training wall time {result.Card.WallSeconds:0.0} s for {result.Card.Phases.Single().Steps} steps ({result.Card.Phases.Single().TokensSeen:N0} tokens)");
        output.WriteLine($"answer-token loss on trained questions {trainedBefore:0.000} → {trainedAfter:0.000}; on rephrased ones {heldOutBefore:0.000} → {heldOutAfter:0.000}");
        Assert.True(trainedAfter <= 0.5 * trainedBefore, $"trained answers: {trainedBefore} → {trainedAfter}");
        Assert.True(heldOutAfter < heldOutBefore, $"rephrased questions: {heldOutBefore} → {heldOutAfter}");
        Assert.Equal(30, result.Card.Phases.Single().Steps);
        Assert.Contains(notices.OfType<TrainingNotice>(), n => n.Warning && n.Message.Contains("no chat template", StringComparison.Ordinal));
        Assert.Equal(DefaultChatTemplate.Source, GgufFile.Open(output1).Metadata.String(GgufKeys.ChatTemplate));
        Assert.True(File.Exists(result.Artifacts.Curves) && new FileInfo(result.Artifacts.Curves).Length > 10_000, "the curves were drawn");

        using var tokenizer = GgufTokenizer.Open(output1);
        var tokens = tokenizer.TokenizeChat("<|user|>\nWho is the king of Tomtown?\n<|assistant|>\nThe king of Tomtown is");
        using var trained = LlamaGguf.Load(GgufFile.Open(output1));
        var torchLogits = TorchLogits.Of(trained, tokens);
        var f32 = TorchLogits.MaxAbsoluteDifference(torchLogits, LlamaCppLogits.Of(output1, tokens));
        output.WriteLine($"exported F32: max |Δlogit| torch vs llama.cpp = {f32:E2}");
        Assert.True(f32 < 1e-3f, $"F32 export: max |Δlogit| = {f32}");
        // Documented bounds (docs/training.md): llama.cpp rounds weights and activations for F16 and Q8_0 dot products.
        foreach (var (type, bound) in new[] { (GgmlType.F16, 0.1f), (GgmlType.Q8_0, 1.0f) })
        {
            var path = folder.Combine($"student-{type}.gguf");
            LlamaGguf.Export(trained, GgufFile.Open(output1).Metadata, path, type);
            var difference = TorchLogits.MaxAbsoluteDifference(torchLogits, LlamaCppLogits.Of(path, tokens));
            output.WriteLine($"exported {type}: max |Δlogit| torch (f32) vs llama.cpp = {difference:E2}");
            Assert.True(difference < bound, $"{type} export: max |Δlogit| = {difference}");
        }
    }

    public void Dispose() => folder.Dispose();

    /// <summary>Mean loss over the answer tokens (and EOS), on the trained questions and on the rephrased ones.</summary>
    private static (double Trained, double HeldOut) AnswerLosses(string modelPath)
    {
        using var tokenizer = GgufTokenizer.Open(modelPath);
        var encoder = new SampleEncoder(ChatTemplate.Create(DefaultChatTemplate.Source, null, "<s>", "</s>")!, tokenizer);
        using var model = LlamaGguf.Load(GgufFile.Open(modelPath));
        double Loss(Func<(string Question, string Rephrased, string Answer), string> question) =>
            Samples.Facts.Average(f => AnswerLoss(model, encoder.Encode(Samples.Line(("user", question(f)), ("assistant", f.Answer)))));
        return (Loss(f => f.Question), Loss(f => f.Rephrased));
    }

    private static double AnswerLoss(LlamaModel model, EncodedSample sample)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        model.eval();
        var logProbabilities = nn.functional.log_softmax(model.forward(tensor(sample.Tokens.Select(t => (long)t).ToArray(), [1, sample.Length]))[0], 1);
        var positions = Enumerable.Range(1, sample.Length - 1).Where(t => sample.Labels[t]).ToList();
        return -positions.Average(t => logProbabilities[t - 1, sample.Tokens[t]].item<float>());
    }

    private sealed class Progress(List<TrainingEvent> events) : IProgress<TrainingEvent>
    {
        public void Report(TrainingEvent value) => events.Add(value);
    }
}
