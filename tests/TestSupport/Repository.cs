namespace InstructLab.Aspire.TestSupport;

/// <summary>Paths in the repository the tests run from.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the configuration the running tests were built in (services are built alike).</summary>
    public static string BuildConfiguration { get; } =
        AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar) is var parts && Array.IndexOf(parts, "bin") is var bin and >= 0
            ? parts[bin + 1]
            : "Debug";

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "InstructLab.Aspire.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No InstructLab.Aspire.sln above {AppContext.BaseDirectory}.");
    }
}
