using InstructLab.Aspire.Training.Encoding;

namespace InstructLab.Aspire.Training.Batching;

/// <summary>
/// An epoch's order (a seeded shuffle, the same on every run and resume), cut into optimizer steps of the effective
/// batch size, each split into micro-batches of similar lengths that stay within the token bound.
/// </summary>
public static class EpochPlanner
{
    /// <summary>The order samples are seen in during <paramref name="epoch"/>: depends only on its arguments.</summary>
    public static int[] Order(int count, int seed, int phase, int epoch)
    {
        var order = Enumerable.Range(0, count).ToArray();
        // Not HashCode.Combine: it is randomised per process, and a resumed run must see the same order.
        new Random(unchecked((seed * 1_000_003) + (phase * 10_007) + epoch) & int.MaxValue).Shuffle(order);
        return order;
    }

    public static List<OptimizerStep> Steps(IReadOnlyList<EncodedSample> samples, int[] order, int effectiveBatchSize, int maxBatchTokens)
    {
        var steps = new List<OptimizerStep>();
        foreach (var chunk in order.Chunk(effectiveBatchSize))
        {
            steps.Add(new OptimizerStep(
                Split(samples, chunk, maxBatchTokens),
                chunk.Length,
                chunk.Sum(i => samples[i].Length),
                chunk.Sum(i => samples[i].LabelledTokens)));
        }
        return steps;
    }

    /// <summary>
    /// Longest first, each micro-batch filled while (samples × longest) stays within <paramref name="maxBatchTokens"/>.
    /// A sample longer than the bound alone would be refused earlier (the bound is at least the maximum length).
    /// </summary>
    public static List<MicroBatch> Split(IReadOnlyList<EncodedSample> samples, IEnumerable<int> indices, int maxBatchTokens)
    {
        var batches = new List<MicroBatch>();
        var current = new List<int>();
        var longest = 0;
        foreach (var index in indices.OrderByDescending(i => samples[i].Length).ThenBy(i => i))
        {
            var length = samples[index].Length;
            if (current.Count > 0 && Math.Max(longest, length) * (current.Count + 1) > maxBatchTokens)
            {
                batches.Add(new MicroBatch([.. current], longest));
                current.Clear();
                longest = 0;
            }
            current.Add(index);
            longest = Math.Max(longest, length);
        }
        if (current.Count > 0)
        {
            batches.Add(new MicroBatch([.. current], longest));
        }
        return batches;
    }
}
