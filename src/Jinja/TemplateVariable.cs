namespace InstructLab.Aspire.Jinja;

/// <summary>A variable a template reads, at its first use (1-based line and column within the template).</summary>
public sealed record TemplateVariable(string Name, int Line, int Column);
