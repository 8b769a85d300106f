namespace InstructLab.Aspire.Taxonomy.Tree;

/// <summary>InstructLab's taxonomy layout: three top-level folders, one qna.yaml per leaf folder.</summary>
public static class TaxonomyPaths
{
    public const string CompositionalSkills = "compositional_skills";
    public const string FoundationalSkills = "foundational_skills";
    public const string Knowledge = "knowledge";
    public const string QnaFile = "qna.yaml";
    public const string AttributionFile = "attribution.txt";

    public static readonly IReadOnlyList<string> Roots = [CompositionalSkills, FoundationalSkills, Knowledge];

    /// <summary>
    /// The taxonomy root folder a path lives under (the last of the three folder names in it), or null. Works for
    /// paths relative to a taxonomy and for absolute paths into one.
    /// </summary>
    public static string? RootOf(string path)
    {
        var segments = path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Take(segments.Length - 1).LastOrDefault(Roots.Contains);
    }

    /// <summary>Whether a path (relative to a taxonomy) is a YAML file the taxonomy tooling must look at.</summary>
    public static bool IsTaxonomyYaml(string relativePath)
    {
        var normalized = relativePath.Replace('\\', '/');
        var extension = Path.GetExtension(normalized);
        return extension is ".yaml" or ".yml" && Roots.Any(root => normalized.StartsWith(root + "/", StringComparison.Ordinal));
    }
}
