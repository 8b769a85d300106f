using InstructLab.Aspire.Training.Encoding;

namespace InstructLab.Aspire.Training.Phases;

/// <summary>
/// A phase as it will run: the settings asked for, adapted in the open to its data (an effective batch larger than
/// the data, a warm-up longer than the run are clamped, each with a warning), and what its data held.
/// </summary>
public sealed record PhasePlan
{
    public required string Phase { get; init; }

    /// <summary>0 for the first phase that runs, 1 for the second.</summary>
    public required int Index { get; init; }

    public required string DataFile { get; init; }

    public required int Lines { get; init; }

    public required int BadLines { get; init; }

    public required IReadOnlyDictionary<DropReason, int> Dropped { get; init; }

    public required int Samples { get; init; }

    public required long Tokens { get; init; }

    public required long LabelledTokens { get; init; }

    public required PhaseSettings Settings { get; init; }

    public required int StepsPerEpoch { get; init; }

    public long TotalSteps => (long)StepsPerEpoch * Settings.Epochs;

    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>Samples of this phase's data held out to choose the exported epoch (not in <see cref="Samples"/>).</summary>
    public int HeldOutSamples { get; init; }

    public static PhasePlan Create(string phase, int index, string dataFile, int lines, int badLines, PhaseSettings asked,
        IReadOnlyList<EncodedSample> samples, IReadOnlyDictionary<DropReason, int> dropped)
    {
        var warnings = new List<string>();
        var settings = asked;
        if (asked.EffectiveBatchSize > samples.Count)
        {
            warnings.Add($"{phase}: effective batch size {asked.EffectiveBatchSize} is larger than the phase's {samples.Count} samples; using {samples.Count}.");
            settings = settings with { EffectiveBatchSize = samples.Count };
        }
        var stepsPerEpoch = (samples.Count + settings.EffectiveBatchSize - 1) / settings.EffectiveBatchSize;
        var totalSteps = (long)stepsPerEpoch * settings.Epochs;
        if (settings.WarmupSteps >= totalSteps && settings.WarmupSteps > 0)
        {
            var clamped = (int)(totalSteps / 10);
            warnings.Add($"{phase}: a warm-up of {settings.WarmupSteps} steps is longer than the run's {totalSteps} steps; using {clamped} (a tenth of the run).");
            settings = settings with { WarmupSteps = clamped };
        }
        return new PhasePlan
        {
            Phase = phase,
            Index = index,
            DataFile = dataFile,
            Lines = lines,
            BadLines = badLines,
            Dropped = dropped,
            Samples = samples.Count,
            Tokens = samples.Sum(s => (long)s.Length),
            LabelledTokens = samples.Sum(s => (long)s.LabelledTokens),
            Settings = settings,
            StepsPerEpoch = stepsPerEpoch,
            Warnings = warnings,
        };
    }
}
