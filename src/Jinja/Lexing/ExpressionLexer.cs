using System.Globalization;
using System.Text;

namespace InstructLab.Aspire.Jinja.Lexing;

/// <summary>Tokenizes the inside of a tag: names, Python string and number literals, operators.</summary>
internal static class ExpressionLexer
{
    private static readonly string[] Operators =
        ["**", "//", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "~", "<", ">", "=", "(", ")", "[", "]", "{", "}", ",", ".", ":", "|"];

    public static List<Token> Tokenize(string source, int line, int column)
    {
        var tokens = new List<Token>();
        var i = 0;
        var (seen, seenLine, seenColumn) = (0, line, column);
        (int Line, int Column) At(int offset)
        {
            // Offsets only grow: advance from the last position asked for.
            for (; seen < offset; seen++)
            {
                (seenLine, seenColumn) = source[seen] == '\n' ? (seenLine + 1, 1) : (seenLine, seenColumn + 1);
            }
            return (seenLine, seenColumn);
        }
        while (i < source.Length)
        {
            var c = source[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            var (tokenLine, tokenColumn) = At(i);
            if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < source.Length && (char.IsLetterOrDigit(source[i]) || source[i] == '_'))
                {
                    i++;
                }
                tokens.Add(new Token(TokenKind.Name, source[start..i], null, tokenLine, tokenColumn));
            }
            else if (char.IsAsciiDigit(c))
            {
                tokens.Add(Number(source, ref i, tokenLine, tokenColumn));
            }
            else if (c is '\'' or '"')
            {
                tokens.Add(StringLiteral(source, ref i, tokenLine, tokenColumn));
            }
            else
            {
                var op = Operators.FirstOrDefault(o => string.CompareOrdinal(source, i, o, 0, o.Length) == 0)
                    ?? throw new JinjaException($"unexpected character '{c}'", tokenLine, tokenColumn);
                tokens.Add(new Token(TokenKind.Operator, op, null, tokenLine, tokenColumn));
                i += op.Length;
            }
        }
        var (endLine, endColumn) = At(source.Length);
        tokens.Add(new Token(TokenKind.End, "", null, endLine, endColumn));
        return tokens;
    }

    private static Token Number(string source, ref int i, int line, int column)
    {
        var start = i;
        while (i < source.Length && (char.IsAsciiDigit(source[i]) || source[i] == '_'))
        {
            i++;
        }
        var isFloat = false;
        if (i + 1 < source.Length && source[i] == '.' && char.IsAsciiDigit(source[i + 1]))
        {
            isFloat = true;
            for (i++; i < source.Length && (char.IsAsciiDigit(source[i]) || source[i] == '_'); i++)
            {
            }
        }
        if (i < source.Length && source[i] is 'e' or 'E')
        {
            var exponent = i + 1;
            if (exponent < source.Length && source[exponent] is '+' or '-')
            {
                exponent++;
            }
            if (exponent < source.Length && char.IsAsciiDigit(source[exponent]))
            {
                isFloat = true;
                for (i = exponent; i < source.Length && char.IsAsciiDigit(source[i]); i++)
                {
                }
            }
        }
        var text = source[start..i].Replace("_", "");
        return isFloat
            ? new Token(TokenKind.Float, text, double.Parse(text, CultureInfo.InvariantCulture), line, column)
            : new Token(TokenKind.Integer, text, long.TryParse(text, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new JinjaException($"integer {text} is too large", line, column), line, column);
    }

    private static Token StringLiteral(string source, ref int i, int line, int column)
    {
        var quote = source[i++];
        var value = new StringBuilder();
        while (true)
        {
            if (i >= source.Length)
            {
                throw new JinjaException("string literal is never closed", line, column);
            }
            var c = source[i++];
            if (c == quote)
            {
                break;
            }
            if (c != '\\' || i >= source.Length)
            {
                value.Append(c);
                continue;
            }
            var escaped = source[i++];
            switch (escaped)
            {
                case 'n': value.Append('\n'); break;
                case 't': value.Append('\t'); break;
                case 'r': value.Append('\r'); break;
                case '0': value.Append('\0'); break;
                case 'b': value.Append('\b'); break;
                case 'f': value.Append('\f'); break;
                case '\\' or '\'' or '"': value.Append(escaped); break;
                case '\n': break;
                case 'x' when i + 2 <= source.Length && IsHex(source.AsSpan(i, 2)):
                    value.Append((char)int.Parse(source.AsSpan(i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 2;
                    break;
                case 'u' when i + 4 <= source.Length && IsHex(source.AsSpan(i, 4)):
                    value.Append((char)int.Parse(source.AsSpan(i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 4;
                    break;
                case 'U' when i + 8 <= source.Length && IsHex(source.AsSpan(i, 8)):
                    value.Append(char.ConvertFromUtf32(int.Parse(source.AsSpan(i, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
                    i += 8;
                    break;
                default:
                    // Python keeps unknown escapes as written.
                    value.Append('\\').Append(escaped);
                    break;
            }
        }
        return new Token(TokenKind.String, source[(i - 1)..i], value.ToString(), line, column);
    }

    private static bool IsHex(ReadOnlySpan<char> digits) => digits.IndexOfAnyExcept("0123456789abcdefABCDEF") < 0;
}
