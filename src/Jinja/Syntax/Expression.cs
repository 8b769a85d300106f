namespace InstructLab.Aspire.Jinja.Syntax;

/// <summary>An expression node; the position is where it starts in the template.</summary>
internal abstract record Expression(int Line, int Column);

internal sealed record Literal(object? Value, int Line, int Column) : Expression(Line, Column);

internal sealed record ListLiteral(IReadOnlyList<Expression> Items, int Line, int Column) : Expression(Line, Column);

internal sealed record TupleLiteral(IReadOnlyList<Expression> Items, int Line, int Column) : Expression(Line, Column);

internal sealed record DictLiteral(IReadOnlyList<(Expression Key, Expression Value)> Entries, int Line, int Column) : Expression(Line, Column);

internal sealed record Variable(string Name, int Line, int Column) : Expression(Line, Column);

internal sealed record Attribute(Expression Target, string Name, int Line, int Column) : Expression(Line, Column);

internal sealed record Item(Expression Target, Expression Key, int Line, int Column) : Expression(Line, Column);

internal sealed record Slice(Expression Target, Expression? Start, Expression? Stop, Expression? Step, int Line, int Column) : Expression(Line, Column);

/// <summary>Positional and keyword arguments of a call, filter or test.</summary>
internal sealed record Arguments(IReadOnlyList<Expression> Positional, IReadOnlyList<(string Name, Expression Value)> Named)
{
    public static Arguments None { get; } = new([], []);
}

internal sealed record Call(Expression Target, Arguments Arguments, int Line, int Column) : Expression(Line, Column);

internal sealed record FilterApplication(Expression Target, string Name, Arguments Arguments, int Line, int Column) : Expression(Line, Column);

internal sealed record TestApplication(Expression Target, string Name, Arguments Arguments, bool Negated, int Line, int Column) : Expression(Line, Column);

/// <summary><c>not</c>, unary <c>-</c> and <c>+</c>.</summary>
internal sealed record Unary(string Operator, Expression Operand, int Line, int Column) : Expression(Line, Column);

/// <summary>Arithmetic, <c>~</c>, <c>and</c>, <c>or</c>.</summary>
internal sealed record Binary(string Operator, Expression Left, Expression Right, int Line, int Column) : Expression(Line, Column);

/// <summary>A comparison chain: <c>a &lt; b &lt;= c</c>, <c>x in y</c>, <c>x not in y</c>.</summary>
internal sealed record Comparison(Expression First, IReadOnlyList<(string Operator, Expression Operand)> Rest, int Line, int Column) : Expression(Line, Column);

/// <summary><c>body if condition else otherwise</c>; without else it is undefined when the condition fails.</summary>
internal sealed record Conditional(Expression Body, Expression Condition, Expression? Otherwise, int Line, int Column) : Expression(Line, Column);
