namespace InstructLab.Aspire.Taxonomy.Validation;

public enum DiagnosticSeverity
{
    /// <summary>The file is invalid: InstructLab would refuse it.</summary>
    Error,

    /// <summary>Lint or a risky construct; the file is still valid.</summary>
    Warning,
}
