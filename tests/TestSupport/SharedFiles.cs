using Xunit;

namespace InstructLab.Aspire.TestSupport;

/// <summary>
/// The team's shared models and data: <c>../shared</c> beside the repository, or <c>INSTRUCTLAB_SHARED_DIR</c>
/// (models alone: <c>INSTRUCTLAB_MODELS_DIR</c>). A test that needs a missing file is skipped with the reason,
/// except under CI (<c>CI=true</c>), where the missing file fails the test.
/// </summary>
public static class SharedFiles
{
    public static string Root =>
        Environment.GetEnvironmentVariable("INSTRUCTLAB_SHARED_DIR") is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.GetFullPath(Path.Combine(Repository.Root, "..", "shared"));

    public static string Models =>
        Environment.GetEnvironmentVariable("INSTRUCTLAB_MODELS_DIR") is { Length: > 0 } configured ? Path.GetFullPath(configured) : Path.Combine(Root, "models");

    public static string Data => Path.Combine(Root, "data");

    /// <summary>A file or folder under data/; skips (or fails under CI) when it is absent.</summary>
    public static string RequireData(params string[] parts) => Require(Path.Combine([Data, .. parts]));

    /// <summary>A file or folder under models/; skips (or fails under CI) when it is absent.</summary>
    public static string RequireModel(params string[] parts) => Require(Path.Combine([Models, .. parts]));

    private static string Require(string path)
    {
        if (File.Exists(path) || Directory.Exists(path))
        {
            return path;
        }
        var reason = $"{path} is absent (set INSTRUCTLAB_SHARED_DIR or INSTRUCTLAB_MODELS_DIR to the shared folder)";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"{reason}; under CI the shared files must be present.");
        }
        Assert.Skip(reason);
        return path;
    }
}
