using InstructLab.Aspire.Taxonomy.Model;
using InstructLab.Aspire.Taxonomy.Validation;

namespace InstructLab.Aspire.Taxonomy.Tree;

/// <summary>A taxonomy on disk: compositional_skills/, foundational_skills/ and knowledge/ with a qna.yaml per leaf.</summary>
public sealed class TaxonomyTree
{
    private static readonly EnumerationOptions Walk = new()
    {
        RecurseSubdirectories = true,
        AttributesToSkip = FileAttributes.ReparsePoint, // symlinked folders could lead outside the taxonomy
        IgnoreInaccessible = true,
        MatchType = MatchType.Simple,
    };

    public TaxonomyTree(string root)
    {
        Root = Path.GetFullPath(root);
        if (!Directory.Exists(Root))
        {
            throw new DirectoryNotFoundException($"The taxonomy folder {Root} does not exist.");
        }
    }

    public string Root { get; }

    /// <summary>Every YAML file under the three taxonomy folders, relative to the root with '/' separators, sorted.</summary>
    public IReadOnlyList<string> TaxonomyFiles() =>
    [
        .. TaxonomyPaths.Roots
            .Select(folder => Path.Combine(Root, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", Walk))
            .Select(file => Path.GetRelativePath(Root, file).Replace('\\', '/'))
            .Where(TaxonomyPaths.IsTaxonomyYaml)
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>Validates the given files (relative paths; default: all) in parallel.</summary>
    public TaxonomyReport Validate(QnaValidator validator, IEnumerable<string>? files = null)
    {
        var selected = (files ?? TaxonomyFiles()).ToList();
        var reports = new FileReport[selected.Count];
        Parallel.For(0, selected.Count, i =>
        {
            var full = FullPath(selected[i]);
            reports[i] = File.Exists(full)
                ? validator.ValidateFile(full, selected[i])
                : new FileReport
                {
                    File = selected[i],
                    Diagnostics = [new Diagnostic(selected[i], Yaml.SourcePosition.Start, DiagnosticSeverity.Error, "file", null, "the file does not exist")],
                };
        });
        return new TaxonomyReport(reports);
    }

    /// <summary>The leaves of a valid report's files.</summary>
    public static IReadOnlyList<TaxonomyLeaf> Leaves(TaxonomyReport report) => [.. report.Files.Where(f => f.IsValid && f.Content is not null).Select(LeafReader.From)];

    private string FullPath(string relative)
    {
        var full = Path.GetFullPath(Path.Combine(Root, relative));
        return full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? full
            : throw new ArgumentException($"'{relative}' is outside the taxonomy {Root}.", nameof(relative));
    }
}
