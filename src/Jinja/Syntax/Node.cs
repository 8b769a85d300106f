namespace InstructLab.Aspire.Jinja.Syntax;

/// <summary>A statement of a template body.</summary>
internal abstract record Node(int Line, int Column);

internal sealed record TextNode(string Text, int Line, int Column) : Node(Line, Column);

internal sealed record OutputNode(Expression Expression, int Line, int Column) : Node(Line, Column);

internal sealed record IfNode(IReadOnlyList<(Expression Condition, IReadOnlyList<Node> Body)> Branches, IReadOnlyList<Node>? Otherwise, int Line, int Column)
    : Node(Line, Column);

internal sealed record ForNode(IReadOnlyList<string> Targets, Expression Iterable, Expression? Filter, IReadOnlyList<Node> Body,
    IReadOnlyList<Node>? Otherwise, bool Recursive, int Line, int Column) : Node(Line, Column);

/// <summary><c>set a = …</c>, <c>set a, b = …</c>, or <c>set ns.attr = …</c> (then <see cref="Namespace"/> is set).</summary>
internal sealed record SetNode(IReadOnlyList<string> Targets, string? Namespace, Expression Value, int Line, int Column) : Node(Line, Column);

/// <summary><c>{% set name %}…{% endset %}</c>, optionally through filters.</summary>
internal sealed record SetBlockNode(string Target, IReadOnlyList<Node> Body, IReadOnlyList<(string Name, Arguments Arguments)> Filters, int Line, int Column)
    : Node(Line, Column);

internal sealed record MacroNode(string Name, IReadOnlyList<(string Name, Expression? Default)> Parameters, IReadOnlyList<Node> Body, int Line, int Column)
    : Node(Line, Column);

/// <summary><c>{% call macro(…) %}…{% endcall %}</c>: the body is the macro's <c>caller()</c>.</summary>
internal sealed record CallBlockNode(Call Call, IReadOnlyList<(string Name, Expression? Default)> Parameters, IReadOnlyList<Node> Body, int Line, int Column)
    : Node(Line, Column);

internal sealed record FilterBlockNode(IReadOnlyList<(string Name, Arguments Arguments)> Filters, IReadOnlyList<Node> Body, int Line, int Column)
    : Node(Line, Column);

internal sealed record BreakNode(int Line, int Column) : Node(Line, Column);

internal sealed record ContinueNode(int Line, int Column) : Node(Line, Column);

/// <summary><c>{% do expression %}</c>: evaluate, print nothing.</summary>
internal sealed record DoNode(Expression Expression, int Line, int Column) : Node(Line, Column);

/// <summary>A body rendered as is: <c>{% generation %}</c> (Hugging Face's marker for assistant tokens).</summary>
internal sealed record ScopeNode(IReadOnlyList<Node> Body, int Line, int Column) : Node(Line, Column);
