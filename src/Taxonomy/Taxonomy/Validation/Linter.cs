using InstructLab.Aspire.Taxonomy.Yaml;

namespace InstructLab.Aspire.Taxonomy.Validation;

/// <summary>
/// Text-level checks after InstructLab's yamllint configuration ("relaxed", line length off): trailing spaces, line
/// endings, a final newline (errors in yamllint, so <see cref="Diagnostic.FailsCi"/>), blank lines at the start, end
/// or more than two in a row; plus two of our own, very long lines and tabs. All warnings.
/// </summary>
public static class Linter
{
    public const int MaxLineLength = 1000;
    private const int MaxConsecutiveBlankLines = 2;

    /// <param name="ci">Whether InstructLab's CI lints this file (it lints schema version 2 and later).</param>
    public static IEnumerable<Diagnostic> Check(string file, string text, bool ci) =>
        Lines(file, text).Select(d => d with { FailsCi = ci && d.Rule is "trailing-spaces" or "new-lines" or "new-line-at-end-of-file" });

    private static IEnumerable<Diagnostic> Lines(string file, string text)
    {
        var lines = text.Split('\n');
        // A final newline ends the last line; it does not start another.
        var count = text.EndsWith('\n') ? lines.Length - 1 : lines.Length;
        if (text.IndexOf("\r\n", StringComparison.Ordinal) is var crlf and >= 0)
        {
            var line = text.AsSpan(0, crlf).Count('\n') + 1;
            yield return Warning(file, line, lines[line - 1].Length, "new-lines", "wrong new line character: expected \\n");
        }
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            yield return Warning(file, count, lines[^1].Length + 1, "new-line-at-end-of-file", "no new line character at the end of file");
        }
        var blankRun = 0;
        for (var i = 0; i < count; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var number = i + 1;
            if (line.Length > 0 && char.IsWhiteSpace(line[^1]))
            {
                yield return Warning(file, number, line.TrimEnd().Length + 1, "trailing-spaces", "trailing spaces");
            }
            if (line.Length > MaxLineLength)
            {
                yield return Warning(file, number, MaxLineLength + 1, "line-length", $"line too long ({line.Length} > {MaxLineLength} characters)");
            }
            if (line.IndexOf('\t', StringComparison.Ordinal) is var tab and >= 0)
            {
                yield return Warning(file, number, tab + 1, "tabs", "tab character; YAML indentation must use spaces");
            }
            blankRun = line.Trim().Length == 0 ? blankRun + 1 : 0;
            if (blankRun == MaxConsecutiveBlankLines + 1 && i + 1 < count)
            {
                yield return Warning(file, number, 1, "empty-lines", $"too many blank lines (more than {MaxConsecutiveBlankLines})");
            }
        }
        var leading = lines.Take(count).TakeWhile(l => l.Trim().Length == 0).Count();
        if (leading > 0 && leading < count)
        {
            yield return Warning(file, 1, 1, "empty-lines", $"too many blank lines ({leading} > 0) at the start");
        }
        var trailing = lines.Take(count).Reverse().TakeWhile(l => l.Trim().Length == 0).Count();
        if (trailing > 0 && trailing < count)
        {
            yield return Warning(file, count - trailing + 1, 1, "empty-lines", $"too many blank lines ({trailing} > 0)");
        }
    }

    private static Diagnostic Warning(string file, int line, int column, string rule, string message) =>
        new(file, new SourcePosition(line, column), DiagnosticSeverity.Warning, rule, null, $"{message} ({rule})");
}
