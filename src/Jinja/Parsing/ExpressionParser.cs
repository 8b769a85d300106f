using InstructLab.Aspire.Jinja.Lexing;
using InstructLab.Aspire.Jinja.Syntax;

namespace InstructLab.Aspire.Jinja.Parsing;

/// <summary>Jinja's expression grammar, loosest binding first: conditional, or, and, not, comparisons, + -, ~,
/// * / // %, **, unary minus, then primaries with attributes, subscripts, calls, filters and tests.</summary>
internal sealed class ExpressionParser(TokenStream tokens)
{
    private static readonly HashSet<string> ComparisonOperators = ["==", "!=", "<", ">", "<=", ">="];

    public TokenStream Tokens => tokens;

    /// <summary>An expression, or an implicit tuple <c>a, b</c>.</summary>
    public Expression ParseTuple(bool withConditional = true)
    {
        var first = tokens.Current;
        var expression = Parse(withConditional);
        if (!tokens.Current.Is(","))
        {
            return expression;
        }
        var items = new List<Expression> { expression };
        while (tokens.Skip(",") && StartsExpression(tokens.Current))
        {
            items.Add(Parse(withConditional));
        }
        return new TupleLiteral(items, first.Line, first.Column);
    }

    public Expression Parse(bool withConditional = true) => withConditional ? ParseConditional() : ParseOr();

    private Expression ParseConditional()
    {
        var expression = ParseOr();
        while (tokens.Current.IsName("if"))
        {
            var at = tokens.Next();
            var condition = ParseOr();
            var otherwise = tokens.SkipName("else") ? ParseConditional() : null;
            expression = new Conditional(expression, condition, otherwise, at.Line, at.Column);
        }
        return expression;
    }

    private Expression ParseOr()
    {
        var left = ParseAnd();
        while (tokens.Current.IsName("or"))
        {
            var at = tokens.Next();
            left = new Binary("or", left, ParseAnd(), at.Line, at.Column);
        }
        return left;
    }

    private Expression ParseAnd()
    {
        var left = ParseNot();
        while (tokens.Current.IsName("and"))
        {
            var at = tokens.Next();
            left = new Binary("and", left, ParseNot(), at.Line, at.Column);
        }
        return left;
    }

    private Expression ParseNot()
    {
        if (tokens.Current.IsName("not"))
        {
            var at = tokens.Next();
            return new Unary("not", ParseNot(), at.Line, at.Column);
        }
        return ParseComparison();
    }

    private Expression ParseComparison()
    {
        var first = ParseMath1();
        var rest = new List<(string, Expression)>();
        while (true)
        {
            var current = tokens.Current;
            if (current.Kind == TokenKind.Operator && ComparisonOperators.Contains(current.Text))
            {
                tokens.Next();
                rest.Add((current.Text, ParseMath1()));
            }
            else if (current.IsName("in"))
            {
                tokens.Next();
                rest.Add(("in", ParseMath1()));
            }
            else if (current.IsName("not") && tokens.Peek().IsName("in"))
            {
                tokens.Next();
                tokens.Next();
                rest.Add(("not in", ParseMath1()));
            }
            else
            {
                break;
            }
        }
        return rest.Count == 0 ? first : new Comparison(first, rest, first.Line, first.Column);
    }

    private Expression ParseMath1()
    {
        var left = ParseConcat();
        while (tokens.Current.Is("+") || tokens.Current.Is("-"))
        {
            var op = tokens.Next();
            left = new Binary(op.Text, left, ParseConcat(), op.Line, op.Column);
        }
        return left;
    }

    private Expression ParseConcat()
    {
        var left = ParseMath2();
        while (tokens.Current.Is("~"))
        {
            var op = tokens.Next();
            left = new Binary("~", left, ParseMath2(), op.Line, op.Column);
        }
        return left;
    }

    private Expression ParseMath2()
    {
        var left = ParsePower();
        while (tokens.Current.Is("*") || tokens.Current.Is("/") || tokens.Current.Is("//") || tokens.Current.Is("%"))
        {
            var op = tokens.Next();
            left = new Binary(op.Text, left, ParsePower(), op.Line, op.Column);
        }
        return left;
    }

    private Expression ParsePower()
    {
        var left = ParseUnary();
        while (tokens.Current.Is("**"))
        {
            var op = tokens.Next();
            left = new Binary("**", left, ParseUnary(), op.Line, op.Column);
        }
        return left;
    }

    private Expression ParseUnary(bool withFilter = true)
    {
        var current = tokens.Current;
        Expression expression;
        if (current.Is("-") || current.Is("+"))
        {
            tokens.Next();
            expression = new Unary(current.Text, ParseUnary(withFilter: false), current.Line, current.Column);
        }
        else
        {
            expression = ParsePrimary();
        }
        expression = ParsePostfix(expression);
        return withFilter ? ParseFilters(expression) : expression;
    }

    private Expression ParsePrimary()
    {
        var token = tokens.Next();
        switch (token.Kind)
        {
            case TokenKind.Name:
                return token.Text switch
                {
                    "true" or "True" => new Literal(true, token.Line, token.Column),
                    "false" or "False" => new Literal(false, token.Line, token.Column),
                    "none" or "None" => new Literal(null, token.Line, token.Column),
                    _ => new Variable(token.Text, token.Line, token.Column),
                };
            case TokenKind.String:
                var text = (string)token.Value!;
                while (tokens.Current.Kind == TokenKind.String)
                {
                    text += (string)tokens.Next().Value!;
                }
                return new Literal(text, token.Line, token.Column);
            case TokenKind.Integer or TokenKind.Float:
                return new Literal(token.Value, token.Line, token.Column);
        }
        if (token.Is("("))
        {
            if (tokens.Skip(")"))
            {
                return new TupleLiteral([], token.Line, token.Column);
            }
            var inner = Parse();
            if (!tokens.Current.Is(","))
            {
                tokens.Expect(")");
                return inner;
            }
            var items = new List<Expression> { inner };
            while (tokens.Skip(",") && !tokens.Current.Is(")"))
            {
                items.Add(Parse());
            }
            tokens.Expect(")");
            return new TupleLiteral(items, token.Line, token.Column);
        }
        if (token.Is("["))
        {
            var items = new List<Expression>();
            while (!tokens.Current.Is("]"))
            {
                items.Add(Parse());
                if (!tokens.Skip(","))
                {
                    break;
                }
            }
            tokens.Expect("]");
            return new ListLiteral(items, token.Line, token.Column);
        }
        if (token.Is("{"))
        {
            var entries = new List<(Expression, Expression)>();
            while (!tokens.Current.Is("}"))
            {
                var key = Parse();
                tokens.Expect(":");
                entries.Add((key, Parse()));
                if (!tokens.Skip(","))
                {
                    break;
                }
            }
            tokens.Expect("}");
            return new DictLiteral(entries, token.Line, token.Column);
        }
        throw new JinjaException($"unexpected {token}", token.Line, token.Column);
    }

    private Expression ParsePostfix(Expression expression)
    {
        while (true)
        {
            var token = tokens.Current;
            if (token.Is("."))
            {
                tokens.Next();
                var name = tokens.Next();
                expression = name.Kind switch
                {
                    TokenKind.Name => new Syntax.Attribute(expression, name.Text, token.Line, token.Column),
                    TokenKind.Integer => new Item(expression, new Literal(name.Value, name.Line, name.Column), token.Line, token.Column),
                    _ => throw new JinjaException($"expected an attribute name after '.', found {name}", name.Line, name.Column),
                };
            }
            else if (token.Is("["))
            {
                tokens.Next();
                expression = ParseSubscript(expression, token);
            }
            else if (token.Is("("))
            {
                tokens.Next();
                expression = new Call(expression, ParseArguments(), token.Line, token.Column);
            }
            else
            {
                return expression;
            }
        }
    }

    private Expression ParseSubscript(Expression target, Token at)
    {
        Expression? start = null, stop = null, step = null;
        if (!tokens.Current.Is(":"))
        {
            start = Parse();
            if (tokens.Skip("]"))
            {
                return new Item(target, start, at.Line, at.Column);
            }
        }
        tokens.Expect(":");
        if (!tokens.Current.Is("]") && !tokens.Current.Is(":"))
        {
            stop = Parse();
        }
        if (tokens.Skip(":") && !tokens.Current.Is("]"))
        {
            step = Parse();
        }
        tokens.Expect("]");
        return new Slice(target, start, stop, step, at.Line, at.Column);
    }

    /// <summary>Arguments after an opening parenthesis, up to and including the closing one.</summary>
    public Arguments ParseArguments()
    {
        var positional = new List<Expression>();
        var named = new List<(string, Expression)>();
        while (!tokens.Current.Is(")"))
        {
            if (tokens.Current.Kind == TokenKind.Name && tokens.Peek().Is("="))
            {
                var name = tokens.Next().Text;
                tokens.Next();
                named.Add((name, Parse()));
            }
            else if (named.Count > 0)
            {
                throw tokens.Error("positional argument after a keyword argument");
            }
            else
            {
                positional.Add(Parse());
            }
            if (!tokens.Skip(","))
            {
                break;
            }
        }
        tokens.Expect(")");
        return new Arguments(positional, named);
    }

    private Expression ParseFilters(Expression expression)
    {
        while (true)
        {
            var token = tokens.Current;
            if (token.Is("|"))
            {
                tokens.Next();
                var (name, arguments) = ParseFilterCall();
                expression = new FilterApplication(expression, name, arguments, token.Line, token.Column);
            }
            else if (token.IsName("is"))
            {
                tokens.Next();
                var negated = tokens.SkipName("not");
                var name = tokens.ExpectName();
                Arguments arguments;
                if (tokens.Skip("("))
                {
                    arguments = ParseArguments();
                }
                else if (StartsTestArgument(tokens.Current))
                {
                    arguments = new Arguments([ParsePostfix(ParsePrimary())], []);
                }
                else
                {
                    arguments = Arguments.None;
                }
                expression = new TestApplication(expression, name, arguments, negated, token.Line, token.Column);
            }
            else if (token.Is("("))
            {
                tokens.Next();
                expression = new Call(expression, ParseArguments(), token.Line, token.Column);
            }
            else
            {
                return expression;
            }
        }
    }

    /// <summary>A filter name (dotted names allowed) and its arguments, after the <c>|</c>.</summary>
    public (string Name, Arguments Arguments) ParseFilterCall()
    {
        var name = tokens.ExpectName();
        while (tokens.Current.Is(".") && tokens.Peek().Kind == TokenKind.Name)
        {
            tokens.Next();
            name += "." + tokens.Next().Text;
        }
        return (name, tokens.Skip("(") ? ParseArguments() : Arguments.None);
    }

    private static bool StartsTestArgument(Token token) =>
        token.Kind is TokenKind.String or TokenKind.Integer or TokenKind.Float
        || (token.Kind == TokenKind.Name && token.Text is not ("else" or "or" or "and" or "is" or "if" or "in" or "not"))
        || token.Is("[") || token.Is("{");

    private static bool StartsExpression(Token token) =>
        token.Kind is TokenKind.Name or TokenKind.String or TokenKind.Integer or TokenKind.Float
        || token.Is("(") || token.Is("[") || token.Is("{") || token.Is("-") || token.Is("+");
}
