using System.Text.RegularExpressions;

namespace InstructLab.Aspire.Jinja.Lexing;

/// <summary>
/// Splits template source into text and tags, applying Jinja's whitespace control: <c>-</c> strips all whitespace on
/// its side, <c>+</c> turns off lstrip/trim for its tag, trim_blocks removes the newline after a block or comment tag,
/// lstrip_blocks the indentation before one. Comments are dropped; <c>{% raw %}</c> bodies stay text.
/// </summary>
internal static partial class TemplateLexer
{
    private enum TagKind
    {
        Output,
        Statement,
        Comment,
    }

    private sealed record Piece(int Start, string Content, TagKind? Tag = null, char LeftMark = ' ', char RightMark = ' ')
    {
        public bool IsBlock => Tag is TagKind.Statement or TagKind.Comment;
    }

    public static List<Segment> Split(string source, JinjaOptions options)
    {
        if (!options.KeepTrailingNewline)
        {
            source = source.EndsWith("\r\n", StringComparison.Ordinal) ? source[..^2] : source.EndsWith('\n') ? source[..^1] : source;
        }
        var pieces = Scan(source);
        var positions = new SourcePositions(source);
        var segments = new List<Segment>();
        for (var i = 0; i < pieces.Count; i++)
        {
            var piece = pieces[i];
            var (line, column) = positions.Of(piece.Start);
            if (piece.Tag is null)
            {
                var text = Trim(piece.Content, i > 0 ? pieces[i - 1] : null, i + 1 < pieces.Count ? pieces[i + 1] : null, piece.Start == 0, options);
                if (text.Length > 0)
                {
                    segments.Add(new Segment(SegmentKind.Text, text, line, column));
                }
            }
            else if (piece.Tag != TagKind.Comment)
            {
                segments.Add(new Segment(piece.Tag == TagKind.Output ? SegmentKind.Output : SegmentKind.Statement, piece.Content, line, column));
            }
        }
        return segments;
    }

    private static string Trim(string text, Piece? before, Piece? after, bool atTemplateStart, JinjaOptions options)
    {
        // Both decisions look at the text as written: trim_blocks' newline still counts as a line start for lstrip.
        var end = text.Length;
        if (after?.LeftMark == '-')
        {
            end = text.TrimEnd().Length;
        }
        else if (after is { IsBlock: true } && options.LstripBlocks && after.LeftMark != '+')
        {
            var lineStart = text.LastIndexOf('\n') + 1;
            if ((lineStart > 0 || atTemplateStart) && text.AsSpan(lineStart).IndexOfAnyExcept(' ', '\t') < 0)
            {
                end = lineStart;
            }
        }
        var start = 0;
        if (before?.RightMark == '-')
        {
            start = text.Length - text.TrimStart().Length;
        }
        else if (before is { IsBlock: true } && options.TrimBlocks && before.RightMark != '+')
        {
            start = text.StartsWith("\r\n", StringComparison.Ordinal) ? 2 : text.StartsWith('\n') ? 1 : 0;
        }
        return start < end ? text[start..end] : "";
    }

    private static List<Piece> Scan(string source)
    {
        var pieces = new List<Piece>();
        var position = 0;
        while (position < source.Length)
        {
            var open = NextOpening(source, position);
            if (open < 0)
            {
                pieces.Add(new Piece(position, source[position..]));
                break;
            }
            if (open > position)
            {
                pieces.Add(new Piece(position, source[position..open]));
            }
            var kind = source[open + 1] switch { '{' => TagKind.Output, '%' => TagKind.Statement, _ => TagKind.Comment };
            var closing = kind switch { TagKind.Output => "}}", TagKind.Statement => "%}", _ => "#}" };
            var end = kind == TagKind.Comment ? source.IndexOf(closing, open + 2, StringComparison.Ordinal) : ClosingOutsideStrings(source, open + 2, closing);
            if (end < 0)
            {
                var (line, column) = new SourcePositions(source).Of(open);
                throw new JinjaException($"'{source.Substring(open, 2)}' is never closed with '{closing}'", line, column);
            }
            var innerStart = open + 2;
            var innerEnd = end;
            var left = innerStart < innerEnd && source[innerStart] is '-' or '+' ? source[innerStart++] : ' ';
            var right = innerEnd > innerStart && source[innerEnd - 1] is '-' or '+' ? source[--innerEnd] : ' ';
            var content = source[innerStart..innerEnd];
            var raw = kind == TagKind.Statement && content.Trim() == "raw";
            // A raw tag prints nothing, like a comment, but keeps its whitespace control.
            pieces.Add(new Piece(open, content, raw ? TagKind.Comment : kind, left, right));
            position = end + 2;
            if (raw)
            {
                position = RawBody(source, position, pieces);
            }
        }
        return pieces;
    }

    /// <summary>Adds the text of a raw block and its closing tag; returns where scanning goes on.</summary>
    private static int RawBody(string source, int start, List<Piece> pieces)
    {
        var match = EndRaw().Match(source, start);
        if (!match.Success)
        {
            var (line, column) = new SourcePositions(source).Of(start);
            throw new JinjaException("'raw' block is never closed with '{% endraw %}'", line, column);
        }
        pieces.Add(new Piece(start, source[start..match.Index]));
        pieces.Add(new Piece(match.Index, "", TagKind.Comment, match.Groups["left"].Value is [var l] ? l : ' ', match.Groups["right"].Value is [var r] ? r : ' '));
        return match.Index + match.Length;
    }

    private static int NextOpening(string source, int from)
    {
        for (var i = source.IndexOf('{', from); i >= 0 && i + 1 < source.Length; i = source.IndexOf('{', i + 1))
        {
            if (source[i + 1] is '{' or '%' or '#')
            {
                return i;
            }
        }
        return -1;
    }

    private static int ClosingOutsideStrings(string source, int from, string closing)
    {
        char? quote = null;
        for (var i = from; i < source.Length; i++)
        {
            var c = source[i];
            if (quote is not null)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = null;
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == closing[0] && i + 1 < source.Length && source[i + 1] == closing[1])
            {
                return i;
            }
        }
        return -1;
    }

    [GeneratedRegex(@"\{%(?<left>[-+]?)\s*endraw\s*(?<right>[-+]?)%\}")]
    private static partial Regex EndRaw();
}
