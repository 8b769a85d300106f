namespace InstructLab.Aspire.Taxonomy.Yaml;

/// <summary>
/// PyYAML, and so InstructLab, accepts multi-line quoted scalars whose continuation lines are indented less than
/// their block, which YAML 1.2 parsers (YamlDotNet, js-yaml) reject. Such a scalar is repaired by indenting those
/// lines: leading whitespace of a continuation line is folded away, so the value does not change.
/// </summary>
internal static class QuotedScalarIndentation
{
    /// <summary>Returns the text with the quoted scalar that opens at <paramref name="opening"/> re-indented, or null.</summary>
    public static string? Repair(string text, SourcePosition opening)
    {
        var lines = text.Split('\n');
        if (opening.Line < 1 || opening.Line > lines.Length)
        {
            return null;
        }
        var first = lines[opening.Line - 1];
        var quoteAt = opening.Column - 1;
        if (quoteAt < 0 || quoteAt >= first.Length || first[quoteAt] is not ('"' or '\''))
        {
            return null;
        }
        var quote = first[quoteAt];
        var required = BlockIndentation(first) + 1;
        var changed = false;
        var (line, column) = (opening.Line - 1, quoteAt + 1);
        while (line < lines.Length)
        {
            var current = lines[line];
            for (; column < current.Length; column++)
            {
                var c = current[column];
                if (quote == '"' && c == '\\')
                {
                    column++;
                }
                else if (c == quote && quote == '\'' && column + 1 < current.Length && current[column + 1] == '\'')
                {
                    column++;
                }
                else if (c == quote)
                {
                    return changed ? string.Join('\n', lines) : null;
                }
            }
            line++;
            if (line < lines.Length)
            {
                var indentation = lines[line].Length - lines[line].TrimStart(' ').Length;
                if (lines[line].Trim().Length > 0 && indentation < required)
                {
                    lines[line] = new string(' ', required - indentation) + lines[line];
                    changed = true;
                }
                column = 0;
            }
        }
        return null;
    }

    /// <summary>The column where the block content of a line starts, after indentation and "- " markers.</summary>
    private static int BlockIndentation(string line)
    {
        var at = 0;
        while (true)
        {
            while (at < line.Length && line[at] == ' ')
            {
                at++;
            }
            if (at + 1 < line.Length && line[at] == '-' && line[at + 1] == ' ')
            {
                at += 2;
                continue;
            }
            return at;
        }
    }
}
