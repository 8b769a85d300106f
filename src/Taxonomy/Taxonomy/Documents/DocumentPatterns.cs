using Microsoft.Extensions.FileSystemGlobbing;

namespace InstructLab.Aspire.Taxonomy.Documents;

/// <summary>Glob patterns of a <c>document:</c> entry, which may only reach inside its repository.</summary>
internal static class DocumentPatterns
{
    public static void Validate(IReadOnlyList<string> patterns)
    {
        if (patterns.Count == 0)
        {
            throw new DocumentException("document.patterns: needs at least one glob pattern, e.g. *.md");
        }
        for (var i = 0; i < patterns.Count; i++)
        {
            var pattern = patterns[i].Replace('\\', '/');
            var problem =
                pattern.Length == 0 ? "is empty" :
                pattern.StartsWith('/') || (pattern.Length > 1 && pattern[1] == ':') ? "is an absolute path" :
                pattern.Split('/').Contains("..") ? "reaches outside the repository with '..'" :
                null;
            if (problem is not null)
            {
                throw new DocumentException(
                    $"document.patterns[{i}] '{patterns[i]}' {problem}; patterns are globs relative to the repository root, such as *.md or docs/**/*.md");
            }
        }
    }

    /// <summary>The paths (relative, '/' separated) that match any pattern, sorted.</summary>
    public static IReadOnlyList<string> Match(IReadOnlyList<string> patterns, IEnumerable<string> paths)
    {
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddIncludePatterns(patterns);
        return [.. matcher.Match("/", paths).Files.Select(f => f.Path).Order(StringComparer.Ordinal)];
    }
}
