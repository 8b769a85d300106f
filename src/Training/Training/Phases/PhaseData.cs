using InstructLab.Aspire.Training.Data;
using InstructLab.Aspire.Training.Encoding;

namespace InstructLab.Aspire.Training.Phases;

/// <summary>A phase's data read, encoded and filtered: samples outside the length limits are dropped and counted.</summary>
internal static class PhaseData
{
    /// <summary>Reads and encodes a phase's data; with <paramref name="heldOutFraction"/> that share of it (chosen by seed) is returned apart, not trained on.</summary>
    public static (PhasePlan Plan, List<EncodedSample> Samples, List<EncodedSample> HeldOut) Prepare(string phase, int index, string file, PhaseSettings settings,
        SampleEncoder encoder, int maxLength, int minLength, bool skipBadLines, double heldOutFraction = 0, int seed = 0)
    {
        var (lines, unreadable) = TrainingDataReader.Read(file, skipBadLines);
        var bad = unreadable;
        var samples = new List<EncodedSample>();
        var dropped = new Dictionary<DropReason, int>();
        foreach (var line in lines)
        {
            EncodedSample sample;
            try
            {
                sample = encoder.Encode(line);
            }
            catch (TrainingInputException) when (skipBadLines)
            {
                bad++;
                continue;
            }
            DropReason? reason = sample.Length > maxLength ? DropReason.TooLong
                : sample.Length < minLength ? DropReason.TooShort
                : sample.LabelledTokens == 0 ? DropReason.NothingToLearn
                : null;
            if (reason is { } r)
            {
                dropped[r] = dropped.GetValueOrDefault(r) + 1;
                continue;
            }
            samples.Add(sample);
        }
        if (samples.Count == 0)
        {
            var counts = string.Join(", ", dropped.Select(d => $"{d.Value} {Describe(d.Key)}").Append(bad > 0 ? $"{bad} bad" : null).OfType<string>());
            throw new TrainingInputException(
                $"{file}: every sample was dropped ({counts}); samples must be {minLength} to {maxLength} tokens long (--min-seq-len, --max-seq-len) and have an assistant turn to learn.");
        }
        var heldOut = HoldOut(samples, heldOutFraction, seed);
        var plan = PhasePlan.Create(phase, index, file, lines.Count + unreadable, bad, settings, samples, dropped) with { HeldOutSamples = heldOut.Count };
        return (plan, samples, heldOut);
    }

    /// <summary>
    /// Moves a seeded choice of round(fraction × samples) samples (at least one) out of <paramref name="samples"/>; none when
    /// fewer than five samples would remain to train on.
    /// </summary>
    private static List<EncodedSample> HoldOut(List<EncodedSample> samples, double fraction, int seed)
    {
        var count = fraction > 0 ? Math.Max(1, (int)Math.Round(fraction * samples.Count)) : 0;
        if (count == 0 || samples.Count - count < 5)
        {
            return [];
        }
        var chosen = Enumerable.Range(0, samples.Count).ToArray();
        new Random(seed).Shuffle(chosen);
        var held = chosen.Take(count).ToHashSet();
        var heldOut = samples.Where((_, i) => held.Contains(i)).ToList();
        var kept = samples.Where((_, i) => !held.Contains(i)).ToList();
        samples.Clear();
        samples.AddRange(kept);
        return heldOut;
    }

    public static string Describe(DropReason reason) => reason switch
    {
        DropReason.TooLong => "too long",
        DropReason.TooShort => "too short",
        _ => "with nothing to learn",
    };
}
