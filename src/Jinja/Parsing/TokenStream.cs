using InstructLab.Aspire.Jinja.Lexing;

namespace InstructLab.Aspire.Jinja.Parsing;

/// <summary>The tokens of one tag, read front to back.</summary>
internal sealed class TokenStream(List<Token> tokens)
{
    private int position;

    public Token Current => tokens[position];

    public Token Peek(int ahead = 1) => tokens[Math.Min(position + ahead, tokens.Count - 1)];

    public bool AtEnd => Current.Kind == TokenKind.End;

    public Token Next()
    {
        var token = Current;
        if (!AtEnd)
        {
            position++;
        }
        return token;
    }

    public bool Skip(string op)
    {
        if (!Current.Is(op))
        {
            return false;
        }
        Next();
        return true;
    }

    public bool SkipName(string name)
    {
        if (!Current.IsName(name))
        {
            return false;
        }
        Next();
        return true;
    }

    public Token Expect(string op) => Current.Is(op) ? Next() : throw Error($"expected '{op}', found {Current}");

    public string ExpectName()
    {
        if (Current.Kind != TokenKind.Name)
        {
            throw Error($"expected a name, found {Current}");
        }
        return Next().Text;
    }

    public void ExpectEnd()
    {
        if (!AtEnd)
        {
            throw Error($"unexpected {Current}");
        }
    }

    public JinjaException Error(string message) => new(message, Current.Line, Current.Column);
}
