using InstructLab.Aspire.Training.Data;
using InstructLab.Aspire.Training.Encoding;

namespace InstructLab.Aspire.Training.Phases;

/// <summary>A phase's data read, encoded and filtered: samples outside the length limits are dropped and counted.</summary>
internal static class PhaseData
{
    public static (PhasePlan Plan, List<EncodedSample> Samples) Prepare(string phase, int index, string file, PhaseSettings settings,
        SampleEncoder encoder, int maxLength, int minLength, bool skipBadLines)
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
        return (PhasePlan.Create(phase, index, file, lines.Count + unreadable, bad, settings, samples, dropped), samples);
    }

    public static string Describe(DropReason reason) => reason switch
    {
        DropReason.TooLong => "too long",
        DropReason.TooShort => "too short",
        _ => "with nothing to learn",
    };
}
