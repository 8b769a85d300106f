using System.Text.Json.Nodes;
using InstructLab.Aspire.Taxonomy.Model;

namespace InstructLab.Aspire.Taxonomy.Validation;

/// <summary>The outcome of validating one qna.yaml.</summary>
public sealed record FileReport
{
    /// <summary>As given (relative to the taxonomy root when the file is part of a tree).</summary>
    public required string File { get; init; }

    public required IReadOnlyList<Diagnostic> Diagnostics { get; init; }

    /// <summary>Schema version used (1 when the file declares none); null when it could not be determined.</summary>
    public int? Version { get; init; }

    public LeafKind? Kind { get; init; }

    /// <summary>The file as JSON, once it parsed (null for empty or unreadable files).</summary>
    public JsonObject? Content { get; init; }

    /// <summary>InstructLab's schema verdict: no errors.</summary>
    public bool IsValid => Diagnostics.All(d => d.Severity != DiagnosticSeverity.Error);

    /// <summary>InstructLab's CI verdict: no errors and no warning of a rule its CI fails on.</summary>
    public bool IsValidStrict => Diagnostics.All(d => !d.FailsStrict);

    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);

    public IEnumerable<Diagnostic> Warnings => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning);
}
