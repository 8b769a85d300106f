namespace InstructLab.Aspire.Jinja.Lexing;

internal enum TokenKind
{
    Name,
    String,
    Integer,
    Float,
    Operator,
    End,
}

/// <summary>A token of an expression: a name, a literal or an operator, with its position in the template.</summary>
internal sealed record Token(TokenKind Kind, string Text, object? Value, int Line, int Column)
{
    public bool Is(string op) => Kind == TokenKind.Operator && Text == op;

    public bool IsName(string name) => Kind == TokenKind.Name && Text == name;

    public override string ToString() => Kind == TokenKind.End ? "end of tag" : $"'{Text}'";
}
