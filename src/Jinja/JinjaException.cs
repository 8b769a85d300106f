namespace InstructLab.Aspire.Jinja;

/// <summary>A template that cannot be parsed or rendered, with the line and column (1-based) where it went wrong.</summary>
public sealed class JinjaException(string message, int line, int column, bool raisedByTemplate = false)
    : Exception(line > 0 ? $"line {line}, column {column}: {message}" : message)
{
    /// <summary>The template itself refused the input (<c>raise_exception(…)</c>), as opposed to a template or engine problem.</summary>
    public bool RaisedByTemplate { get; } = raisedByTemplate;

    /// <summary>The problem alone, without the position.</summary>
    public string Problem { get; } = message;

    public int Line { get; } = line;

    public int Column { get; } = column;
}
