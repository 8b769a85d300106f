using InstructLab.Aspire.Taxonomy.Yaml;

namespace InstructLab.Aspire.Taxonomy.Validation;

/// <summary>
/// One finding in one file, printed as <c>path:line:col: field.path: message</c>. <see cref="Rule"/> names the check
/// (schema, syntax, trailing-spaces, key-duplicates, …).
/// </summary>
public sealed record Diagnostic(string File, SourcePosition Position, DiagnosticSeverity Severity, string Rule, string? Field, string Message)
{
    /// <summary>
    /// A warning InstructLab's CI fails on: what yamllint's "relaxed" profile calls an error (trailing spaces, duplicate
    /// keys, line endings) in files of schema version 2 or later, and a missing attribution.txt.
    /// </summary>
    public bool FailsCi { get; init; }

    public bool FailsStrict => Severity == DiagnosticSeverity.Error || FailsCi;

    public override string ToString() =>
        $"{File}:{Position.Line}:{Position.Column}: {(Field is null ? "" : Field + ": ")}{Message}";
}
