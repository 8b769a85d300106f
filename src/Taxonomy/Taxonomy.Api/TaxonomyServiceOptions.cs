using InstructLab.Aspire.Taxonomy.Tree;
using InstructLab.Aspire.Taxonomy.Yaml;

namespace InstructLab.Aspire.Taxonomy.Api;

/// <summary>The <c>Taxonomy</c> section: what the service may read and how much.</summary>
public sealed class TaxonomyServiceOptions
{
    public const string SectionName = "Taxonomy";

    /// <summary>
    /// Folders a local taxonomy, document repository or document folder must be under; requests naming other
    /// paths are refused. When none is configured: the service user's home folder.
    /// </summary>
    public List<string> AllowedLocalRoots { get; set; } = [];

    /// <summary>Where git mirrors and checkouts of taxonomy and document repositories live.</summary>
    public string? CacheDirectory { get; set; }

    public YamlLimits Limits { get; set; } = new();

    /// <summary>How many files and bytes a request's walk of a taxonomy may take.</summary>
    public TreeLimits Walk { get; set; } = new();

    /// <summary>Repository URL → local path or URL for air-gapped sites (see <c>DocumentOptions.Mirrors</c>).</summary>
    public Dictionary<string, string> Mirrors { get; set; } = new(StringComparer.Ordinal);
}
