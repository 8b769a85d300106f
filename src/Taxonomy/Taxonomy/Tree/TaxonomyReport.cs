using InstructLab.Aspire.Taxonomy.Validation;

namespace InstructLab.Aspire.Taxonomy.Tree;

/// <summary>The outcome of validating several files of a taxonomy.</summary>
public sealed record TaxonomyReport(IReadOnlyList<FileReport> Files)
{
    public bool IsValid => Files.All(f => f.IsValid);

    public bool IsValidStrict => Files.All(f => f.IsValidStrict);

    public int ErrorCount => Files.Sum(f => f.Errors.Count());

    public int WarningCount => Files.Sum(f => f.Warnings.Count());
}
