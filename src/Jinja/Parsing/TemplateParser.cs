using InstructLab.Aspire.Jinja.Lexing;
using InstructLab.Aspire.Jinja.Syntax;

namespace InstructLab.Aspire.Jinja.Parsing;

/// <summary>Builds the statement tree from the lexer's segments.</summary>
internal sealed class TemplateParser(List<Segment> segments)
{
    private int position;

    public static IReadOnlyList<Node> Parse(string source, JinjaOptions options)
    {
        var parser = new TemplateParser(TemplateLexer.Split(source, options));
        var (body, end) = parser.ParseBody();
        if (end is not null)
        {
            throw new JinjaException($"unexpected '{end.Value.Keyword}'", end.Value.Segment.Line, end.Value.Segment.Column);
        }
        return body;
    }

    /// <summary>Nodes up to a statement whose keyword is in <paramref name="terminators"/> (returned, not consumed as a node).</summary>
    private (List<Node> Body, (string Keyword, Segment Segment, TokenStream Tokens)? End) ParseBody(params string[] terminators)
    {
        var body = new List<Node>();
        while (position < segments.Count)
        {
            var segment = segments[position++];
            switch (segment.Kind)
            {
                case SegmentKind.Text:
                    body.Add(new TextNode(segment.Content, segment.Line, segment.Column));
                    break;
                case SegmentKind.Output:
                    var output = Tokens(segment);
                    var expression = new ExpressionParser(output).ParseTuple();
                    output.ExpectEnd();
                    body.Add(new OutputNode(expression, segment.Line, segment.Column));
                    break;
                default:
                    var tokens = Tokens(segment);
                    var keyword = tokens.ExpectName();
                    if (terminators.Contains(keyword))
                    {
                        return (body, (keyword, segment, tokens));
                    }
                    body.Add(Statement(keyword, tokens, segment));
                    break;
            }
        }
        if (terminators.Length > 0)
        {
            var last = segments.Count > 0 ? segments[^1] : new Segment(SegmentKind.Text, "", 0, 0);
            throw new JinjaException($"the template ends before '{terminators[^1]}'", last.Line, last.Column);
        }
        return (body, null);
    }

    private Node Statement(string keyword, TokenStream tokens, Segment at) => keyword switch
    {
        "if" => If(tokens, at),
        "for" => For(tokens, at),
        "set" => Set(tokens, at),
        "macro" => Macro(tokens, at),
        "call" => CallBlock(tokens, at),
        "filter" => FilterBlock(tokens, at),
        "break" => End(tokens, new BreakNode(at.Line, at.Column)),
        "continue" => End(tokens, new ContinueNode(at.Line, at.Column)),
        "do" => Do(tokens, at),
        "generation" => End(tokens, new ScopeNode(Block(at, "endgeneration"), at.Line, at.Column)),
        "elif" or "else" or "endif" or "endfor" or "endset" or "endmacro" or "endcall" or "endfilter" or "endgeneration" or "endraw" =>
            throw new JinjaException($"unexpected '{keyword}'", at.Line, at.Column),
        "include" or "extends" or "import" or "from" or "block" =>
            throw new JinjaException($"'{keyword}' is not supported: a chat template is a single template", at.Line, at.Column),
        _ => throw new JinjaException($"unknown tag '{keyword}'", at.Line, at.Column),
    };

    private IfNode If(TokenStream tokens, Segment at)
    {
        var branches = new List<(Expression, IReadOnlyList<Node>)>();
        var condition = Expression(tokens);
        while (true)
        {
            var (body, end) = ParseBody("elif", "else", "endif");
            branches.Add((condition, body));
            var (keyword, _, endTokens) = end!.Value;
            if (keyword == "elif")
            {
                condition = Expression(endTokens);
                continue;
            }
            if (keyword == "else")
            {
                endTokens.ExpectEnd();
                var otherwise = Block(at, "endif");
                return new IfNode(branches, otherwise, at.Line, at.Column);
            }
            endTokens.ExpectEnd();
            return new IfNode(branches, null, at.Line, at.Column);
        }
    }

    private ForNode For(TokenStream tokens, Segment at)
    {
        var targets = Targets(tokens);
        if (!tokens.SkipName("in"))
        {
            throw tokens.Error($"expected 'in', found {tokens.Current}");
        }
        var parser = new ExpressionParser(tokens);
        var iterable = parser.ParseTuple(withConditional: false);
        var filter = tokens.SkipName("if") ? parser.Parse() : null;
        var recursive = tokens.SkipName("recursive");
        tokens.ExpectEnd();
        var (body, end) = ParseBody("else", "endfor");
        IReadOnlyList<Node>? otherwise = null;
        end!.Value.Tokens.ExpectEnd();
        if (end.Value.Keyword == "else")
        {
            otherwise = Block(at, "endfor");
        }
        return new ForNode(targets, iterable, filter, body, otherwise, recursive, at.Line, at.Column);
    }

    private Node Set(TokenStream tokens, Segment at)
    {
        if (tokens.Current.Kind == TokenKind.Name && tokens.Peek().Is("."))
        {
            var ns = tokens.ExpectName();
            tokens.Expect(".");
            var attribute = tokens.ExpectName();
            tokens.Expect("=");
            return new SetNode([attribute], ns, Expression(tokens, tuple: true), at.Line, at.Column);
        }
        var targets = Targets(tokens);
        if (tokens.Skip("="))
        {
            return new SetNode(targets, null, Expression(tokens, tuple: true), at.Line, at.Column);
        }
        if (targets.Count != 1)
        {
            throw tokens.Error("a block 'set' takes one name");
        }
        var filters = Filters(tokens);
        tokens.ExpectEnd();
        return new SetBlockNode(targets[0], Block(at, "endset"), filters, at.Line, at.Column);
    }

    private MacroNode Macro(TokenStream tokens, Segment at)
    {
        var name = tokens.ExpectName();
        var parameters = Parameters(tokens);
        tokens.ExpectEnd();
        return new MacroNode(name, parameters, Block(at, "endmacro"), at.Line, at.Column);
    }

    private CallBlockNode CallBlock(TokenStream tokens, Segment at)
    {
        var parameters = tokens.Current.Is("(") ? Parameters(tokens) : [];
        var call = new ExpressionParser(tokens).Parse() as Call ?? throw new JinjaException("'call' needs a macro call", at.Line, at.Column);
        tokens.ExpectEnd();
        return new CallBlockNode(call, parameters, Block(at, "endcall"), at.Line, at.Column);
    }

    /// <summary>A parenthesized parameter list with optional defaults: <c>(a, b=1)</c>.</summary>
    private static List<(string, Expression?)> Parameters(TokenStream tokens)
    {
        tokens.Expect("(");
        var parameters = new List<(string, Expression?)>();
        var parser = new ExpressionParser(tokens);
        while (!tokens.Current.Is(")"))
        {
            var parameter = tokens.ExpectName();
            parameters.Add((parameter, tokens.Skip("=") ? parser.Parse() : null));
            if (!tokens.Skip(","))
            {
                break;
            }
        }
        tokens.Expect(")");
        return parameters;
    }

    private FilterBlockNode FilterBlock(TokenStream tokens, Segment at)
    {
        tokens.Skip("|");
        var filters = new List<(string, Arguments)> { new ExpressionParser(tokens).ParseFilterCall() };
        filters.AddRange(Filters(tokens));
        tokens.ExpectEnd();
        return new FilterBlockNode(filters, Block(at, "endfilter"), at.Line, at.Column);
    }

    private static DoNode Do(TokenStream tokens, Segment at) => new(Expression(tokens), at.Line, at.Column);

    private static List<(string, Arguments)> Filters(TokenStream tokens)
    {
        var filters = new List<(string, Arguments)>();
        while (tokens.Skip("|"))
        {
            filters.Add(new ExpressionParser(tokens).ParseFilterCall());
        }
        return filters;
    }

    private List<Node> Block(Segment at, string terminator)
    {
        var (body, end) = ParseBody(terminator);
        end!.Value.Tokens.ExpectEnd();
        return body;
    }

    private static List<string> Targets(TokenStream tokens)
    {
        var parenthesized = tokens.Skip("(");
        var targets = new List<string> { tokens.ExpectName() };
        while (tokens.Skip(","))
        {
            if (tokens.Current.Kind != TokenKind.Name)
            {
                break;
            }
            targets.Add(tokens.ExpectName());
        }
        if (parenthesized)
        {
            tokens.Expect(")");
        }
        return targets;
    }

    private static Expression Expression(TokenStream tokens, bool tuple = false)
    {
        var parser = new ExpressionParser(tokens);
        var expression = tuple ? parser.ParseTuple() : parser.Parse();
        tokens.ExpectEnd();
        return expression;
    }

    private static Node End(TokenStream tokens, Node node)
    {
        tokens.ExpectEnd();
        return node;
    }

    private static TokenStream Tokens(Segment segment) => new(ExpressionLexer.Tokenize(segment.Content, segment.Line, segment.Column + 2));
}
