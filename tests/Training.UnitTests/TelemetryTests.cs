using System.Diagnostics;
using System.Diagnostics.Metrics;
using InstructLab.Aspire.TestSupport;
using InstructLab.Aspire.Training.Progress;

namespace InstructLab.Aspire.Training.UnitTests;

/// <summary>
/// A run emits a span per phase and per epoch, and loss, learning-rate, tokens/s and sample metrics per phase. Listeners
/// see every run in the process, so this test runs alone.
/// </summary>
[Collection(nameof(TelemetryTests))]
public sealed class TelemetryTests : IDisposable
{
    private readonly TemporaryDirectory folder = new("telemetry");

    [Fact]
    public void ARunHasPhaseAndEpochSpansAndPhaseTaggedMetrics()
    {
        var spans = new List<Activity>();
        var measurements = new List<(string Instrument, double Value, string? Phase, string? Run)>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TrainingTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = span => { lock (spans) { spans.Add(span); } },
        };
        ActivitySource.AddActivityListener(listener);
        using var meters = new MeterListener { InstrumentPublished = (instrument, l) => { if (instrument.Meter.Name == TrainingTelemetry.Name) { l.EnableMeasurementEvents(instrument); } } };
        meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        meters.Start();
        var data = Samples.WriteQa(folder.Combine("d.jsonl"), Samples.Facts.Select(f => (f.Question, f.Answer)));

        TrainingRun.Run(new TrainingRequest
        {
            BaseModel = SharedFiles.RequireModel("stories260K.gguf"),
            KnowledgeData = data,
            SkillsData = data,
            Output = folder.Combine("t.gguf"),
            Knowledge = new PhaseSettings { Epochs = 2, LearningRate = 1e-3, EffectiveBatchSize = 3 },
            Skills = new PhaseSettings { Epochs = 1, LearningRate = 1e-3, EffectiveBatchSize = 6 },
            HeldOutFraction = 0.2,
            RunName = "job-42",
        }, new Progress<TrainingEvent>(), TestContext.Current.CancellationToken);

        var phases = spans.Where(s => s.DisplayName.StartsWith("train ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["train knowledge", "train skills"], phases.Select(s => s.DisplayName));
        Assert.All(phases, p => Assert.Equal("job-42", p.GetTagItem("training.run")));
        Assert.Equal(3, spans.Count(s => s.DisplayName.StartsWith("epoch ", StringComparison.Ordinal)));
        Assert.All(spans.Where(s => s.DisplayName.StartsWith("epoch ", StringComparison.Ordinal)), s => Assert.Contains(phases, p => p.SpanId == s.ParentSpanId));
        lock (measurements)
        {
            Assert.Equal(4 + 1, measurements.Count(m => m.Instrument == "training.loss"));
            Assert.Equal(4, measurements.Count(m => m.Instrument == "training.loss" && m.Phase == "knowledge"));
            Assert.Equal(6 * 2, measurements.Where(m => m.Instrument == "training.samples" && m.Phase == "knowledge").Sum(m => m.Value));
            Assert.All(measurements.Where(m => m.Instrument is "training.learning_rate" or "training.tokens_per_second"), m => Assert.True(m.Value > 0));
            // Every measurement names its run; the last phase's epoch end is scored on the held-out sample.
            Assert.All(measurements, m => Assert.Equal("job-42", m.Run));
            var heldOut = Assert.Single(measurements, m => m.Instrument == "training.held_out_loss");
            Assert.Equal("skills", heldOut.Phase);
            Assert.InRange(heldOut.Value, 0.0001, 20);
        }

        void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? phase = null, run = null;
            foreach (var tag in tags)
            {
                phase = tag.Key == "training.phase" ? tag.Value as string : phase;
                run = tag.Key == "training.run" ? tag.Value as string : run;
            }
            lock (measurements)
            {
                measurements.Add((instrument.Name, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), phase, run));
            }
        }
    }

    public void Dispose() => folder.Dispose();
}
