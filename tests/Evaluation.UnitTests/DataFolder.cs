using InstructLab.Aspire.Evaluations.Data;
using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.Evaluations.UnitTests;

/// <summary>Benchmark files as a request brings them: a folder of ../shared/data/eval read into paths and bytes, or files written here.</summary>
internal static class DataFolder
{
    public static DataFiles Shared(params string[] parts)
    {
        var root = SharedFiles.RequireData(["eval", .. parts]);
        return new DataFiles(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllBytes));
    }

    public static DataFiles Of(params (string Path, string Text)[] files) =>
        new(files.ToDictionary(f => f.Path, f => System.Text.Encoding.UTF8.GetBytes(f.Text)));
}
