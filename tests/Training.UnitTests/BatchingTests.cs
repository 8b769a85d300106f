using InstructLab.Aspire.Training.Batching;
using InstructLab.Aspire.Training.Encoding;

namespace InstructLab.Aspire.Training.UnitTests;

public sealed class BatchingTests
{
    [Theory]
    [InlineData(1, 64, 64)]
    [InlineData(7, 100, 120)]
    [InlineData(32, 64, 300)]
    [InlineData(1000, 128, 1000)]
    public void NoMicroBatchExceedsTheBoundAndEverySampleIsSeenOncePerEpoch(int effectiveBatch, int maxLength, int maxBatchTokens)
    {
        var random = new Random(7);
        var samples = Enumerable.Range(0, 157).Select(i => Sample(random.Next(2, maxLength + 1))).ToList();

        for (var epoch = 0; epoch < 3; epoch++)
        {
            var steps = EpochPlanner.Steps(samples, EpochPlanner.Order(samples.Count, 42, 0, epoch), effectiveBatch, maxBatchTokens);

            var seen = steps.SelectMany(s => s.MicroBatches).SelectMany(b => b.Samples).ToList();
            Assert.Equal(Enumerable.Range(0, samples.Count), seen.Order());
            Assert.All(steps.SelectMany(s => s.MicroBatches), b => Assert.True(b.PaddedTokens <= maxBatchTokens, $"{b.PaddedTokens} > {maxBatchTokens}"));
            Assert.All(steps.SelectMany(s => s.MicroBatches), b => Assert.Equal(b.Samples.Max(i => samples[i].Length), b.PaddedLength));
            Assert.All(steps.SkipLast(1), s => Assert.Equal(Math.Min(effectiveBatch, samples.Count), s.Samples));
        }
    }

    [Fact]
    public void AnEpochsOrderDependsOnlyOnSeedPhaseAndEpoch()
    {
        Assert.Equal(EpochPlanner.Order(500, 42, 0, 3), EpochPlanner.Order(500, 42, 0, 3));
        Assert.NotEqual(EpochPlanner.Order(500, 42, 0, 3), EpochPlanner.Order(500, 42, 0, 4));
        Assert.NotEqual(EpochPlanner.Order(500, 42, 0, 3), EpochPlanner.Order(500, 43, 0, 3));
        Assert.NotEqual(EpochPlanner.Order(500, 42, 0, 3), EpochPlanner.Order(500, 42, 1, 3));
    }

    private static EncodedSample Sample(int length) => new("s", new int[length], [.. Enumerable.Range(0, length).Select(i => i > 0)]);
}
