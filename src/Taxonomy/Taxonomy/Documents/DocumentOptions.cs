namespace InstructLab.Aspire.Taxonomy.Documents;

/// <summary>Where knowledge documents come from and what they may cost (setting section <c>Taxonomy:Documents</c>).</summary>
public sealed class DocumentOptions
{
    public const string SectionName = "Taxonomy:Documents";

    /// <summary>Bare git mirrors of document repositories; default <c>$XDG_CACHE_HOME/instructlab-aspire/git</c>.</summary>
    public string CacheDirectory { get; set; } = DefaultCacheDirectory();

    /// <summary>
    /// Repository URL → local path or other URL, for air-gapped sites: a leaf naming
    /// <c>https://github.com/org/docs</c> is read from the mapped place instead, still at its commit.
    /// </summary>
    public Dictionary<string, string> Mirrors { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Folders a local repository or document folder must be under; empty means anywhere (the CLI). The taxonomy
    /// service sets this so a request cannot make it read arbitrary files.
    /// </summary>
    public List<string> AllowedLocalRoots { get; set; } = [];

    public long MaxDocumentBytes { get; set; } = 64L * 1024 * 1024;

    public int MaxDocuments { get; set; } = 1000;

    private static string DefaultCacheDirectory()
    {
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(cache))
        {
            cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        }
        return Path.Combine(cache, "instructlab-aspire", "git");
    }
}
