using InstructLab.Aspire.Generation.Pipelines;

namespace InstructLab.Aspire.Generation.Blocks;

/// <summary>How many rows a block makes of each row: a number, or <c>samples_per_seed</c> (the job's setting).</summary>
public sealed record SampleCount(int? Fixed)
{
    public const string SamplesPerSeed = "samples_per_seed";

    public int Resolve(PipelineContext context) => Fixed ?? context.SamplesPerSeed;

    internal static SampleCount? Read(YamlMap map, string key, int max)
    {
        var text = map.OptionalString(key);
        if (text is null)
        {
            return null;
        }
        return text == SamplesPerSeed ? new SampleCount((int?)null) : new SampleCount(map.Int(key, 1, 1, max));
    }
}
