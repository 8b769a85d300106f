using InstructLab.Aspire.Taxonomy.Tree;

namespace InstructLab.Aspire.Taxonomy.Api.Leaves;

/// <summary>Leaves were asked for, but files they come from are invalid; the report says which and why.</summary>
public sealed class InvalidTaxonomyException(TaxonomyReport report)
    : Exception($"{report.Files.Count(f => !f.IsValid)} taxonomy file(s) are invalid ({report.ErrorCount} errors); the details list them")
{
    public TaxonomyReport Report { get; } = report;
}
