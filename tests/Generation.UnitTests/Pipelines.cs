using InstructLab.Aspire.Generation.Pipelines;

namespace InstructLab.Aspire.Generation.UnitTests;

/// <summary>Reads pipeline files the way a job does: built-ins plus the test's own files.</summary>
internal static class Pipelines
{
    public static PipelineSelection Select(string name, params (string Name, string Yaml)[] files) =>
        Library(files).Select([name]);

    public static PipelineLibrary Library(params (string Name, string Yaml)[] files) =>
        new(PipelineLibrary.Builtins, files.Select(f => new PipelineSource(f.Name, $"{f.Name}.yaml", f.Yaml)));

    /// <summary>The error reading <paramref name="yaml"/> as pipeline "custom" gives.</summary>
    public static PipelineException Error(string yaml, params (string Name, string Yaml)[] more) =>
        Assert.Throws<PipelineException>(() => Select("custom", [("custom", yaml), .. more]));
}
