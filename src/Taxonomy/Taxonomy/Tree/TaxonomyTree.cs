using InstructLab.Aspire.Taxonomy.Model;
using InstructLab.Aspire.Taxonomy.Validation;

namespace InstructLab.Aspire.Taxonomy.Tree;

/// <summary>
/// A taxonomy on disk: compositional_skills/, foundational_skills/ and knowledge/ with a qna.yaml per leaf. Symbolic
/// links below the root are not followed (a link could lead out of the taxonomy and its allowed roots): the walk skips
/// them, and a selected file with a link on its way is reported, not read. Walks are bounded by <see cref="TreeLimits"/>.
/// </summary>
public sealed class TaxonomyTree
{
    private static readonly EnumerationOptions Walk = new()
    {
        RecurseSubdirectories = true,
        AttributesToSkip = FileAttributes.ReparsePoint, // symlinked folders could lead outside the taxonomy
        IgnoreInaccessible = true,
        MatchType = MatchType.Simple,
    };

    private readonly TreeLimits limits;

    public TaxonomyTree(string root, TreeLimits? limits = null)
    {
        this.limits = limits ?? new TreeLimits();
        Root = Path.GetFullPath(root);
        if (!Directory.Exists(Root))
        {
            throw new DirectoryNotFoundException($"The taxonomy folder {Root} does not exist.");
        }
    }

    public string Root { get; }

    /// <summary>Every YAML file under the three taxonomy folders, relative to the root with '/' separators, sorted.</summary>
    public IReadOnlyList<string> TaxonomyFiles()
    {
        var files = TaxonomyPaths.Roots
            .Select(folder => Path.Combine(Root, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", Walk))
            .Take(limits.MaxFiles + 1)
            .ToList();
        if (files.Count > limits.MaxFiles)
        {
            throw new ArgumentException($"{Root}: more than {limits.MaxFiles:N0} files under {string.Join(", ", TaxonomyPaths.Roots.Select(r => r + "/"))} "
                + "(Taxonomy:Walk:MaxFiles); is this the taxonomy's root?");
        }
        return [.. files.Select(file => Path.GetRelativePath(Root, file).Replace('\\', '/')).Where(TaxonomyPaths.IsTaxonomyYaml).Order(StringComparer.Ordinal)];
    }

    /// <summary>Validates the given files (relative paths; default: all) in parallel.</summary>
    public TaxonomyReport Validate(QnaValidator validator, IEnumerable<string>? files = null)
    {
        var selected = (files ?? TaxonomyFiles()).ToList();
        var links = selected.ToDictionary(file => file, LinkOnTheWay, StringComparer.Ordinal);
        var bytes = selected.Where(file => links[file] is null).Select(FullPath).Where(File.Exists).Sum(file => new FileInfo(file).Length);
        if (bytes > limits.MaxTotalBytes)
        {
            throw new ArgumentException($"{Root}: the {selected.Count:N0} selected taxonomy files hold {bytes:N0} bytes, more than {limits.MaxTotalBytes:N0} (Taxonomy:Walk:MaxTotalBytes)");
        }
        var reports = new FileReport[selected.Count];
        Parallel.For(0, selected.Count, i =>
        {
            var full = FullPath(selected[i]);
            reports[i] = links[selected[i]] is { } link ? Refused(selected[i], $"{link} is a symbolic link; links inside a taxonomy are not followed")
                : File.Exists(full) ? validator.ValidateFile(full, selected[i])
                : Refused(selected[i], "the file does not exist");
        });
        return new TaxonomyReport(reports);
    }

    /// <summary>The leaves of a valid report's files.</summary>
    public static IReadOnlyList<TaxonomyLeaf> Leaves(TaxonomyReport report) => [.. report.Files.Where(f => f.IsValid && f.Content is not null).Select(LeafReader.From)];

    private static FileReport Refused(string file, string message) => new()
    {
        File = file,
        Diagnostics = [new Diagnostic(file, Yaml.SourcePosition.Start, DiagnosticSeverity.Error, "file", null, message)],
    };

    /// <summary>The first part of the path below the root (a folder or the file) that is a symbolic link, or null.</summary>
    private string? LinkOnTheWay(string relative)
    {
        var path = Root;
        foreach (var part in FullPath(relative)[(Root.Length + 1)..].Split(Path.DirectorySeparatorChar))
        {
            path = Path.Combine(path, part);
            var entry = new FileInfo(path);
            if (!entry.Exists && !Directory.Exists(path) && entry.LinkTarget is null)
            {
                return null;
            }
            if (entry.LinkTarget is not null || new DirectoryInfo(path).LinkTarget is not null)
            {
                return Path.GetRelativePath(Root, path).Replace('\\', '/');
            }
        }
        return null;
    }

    private string FullPath(string relative)
    {
        var full = Path.GetFullPath(Path.Combine(Root, relative));
        return full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? full
            : throw new ArgumentException($"'{relative}' is outside the taxonomy {Root}.", nameof(relative));
    }
}
