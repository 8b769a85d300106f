using System.Text;
using InstructLab.Aspire.Jinja.Syntax;

namespace InstructLab.Aspire.Jinja.Runtime;

/// <summary>Runs a parsed template: statements write to a buffer, expressions evaluate with Python's semantics.</summary>
internal sealed class Renderer(JinjaOptions options)
{
    private int iterations;
    private int depth;

    public enum Flow
    {
        Normal,
        Break,
        Continue,
    }

    public void CountIteration()
    {
        if (++iterations > options.MaxIterations)
        {
            throw new JinjaRuntimeException($"the template ran more than {options.MaxIterations} loop iterations");
        }
    }

    public void Call(Action body)
    {
        if (++depth > options.MaxCallDepth)
        {
            throw new JinjaRuntimeException($"macros nest deeper than {options.MaxCallDepth} calls");
        }
        try
        {
            body();
        }
        finally
        {
            depth--;
        }
    }

    public Flow Execute(IReadOnlyList<Node> nodes, Frame frame, StringBuilder output)
    {
        foreach (var node in nodes)
        {
            Flow flow;
            try
            {
                flow = ExecuteNode(node, frame, output);
            }
            catch (JinjaRuntimeException e)
            {
                throw new JinjaException(e.Message, node.Line, node.Column, e.RaisedByTemplate);
            }
            if (flow != Flow.Normal)
            {
                return flow;
            }
        }
        return Flow.Normal;
    }

    private Flow ExecuteNode(Node node, Frame frame, StringBuilder output)
    {
        switch (node)
        {
            case TextNode text:
                Write(output, text.Text);
                return Flow.Normal;
            case OutputNode print:
                Write(output, Values.Str(Evaluate(print.Expression, frame)));
                return Flow.Normal;
            case IfNode branches:
                foreach (var (condition, body) in branches.Branches)
                {
                    if (Values.Truthy(Evaluate(condition, frame)))
                    {
                        return Execute(body, frame, output);
                    }
                }
                return branches.Otherwise is null ? Flow.Normal : Execute(branches.Otherwise, frame, output);
            case ForNode loop:
                ExecuteFor(loop, frame, output, Evaluate(loop.Iterable, frame), 1);
                return Flow.Normal;
            case SetNode set:
                Assign(set, frame);
                return Flow.Normal;
            case SetBlockNode setBlock:
                var captured = new StringBuilder();
                Execute(setBlock.Body, frame, captured);
                frame.Set(setBlock.Target, ApplyFilters(setBlock.Filters, captured.ToString(), frame));
                return Flow.Normal;
            case MacroNode macro:
                frame.Set(macro.Name, new Macro(macro, frame));
                return Flow.Normal;
            case CallBlockNode callBlock:
                var caller = new Macro("caller", callBlock.Parameters, callBlock.Body, frame);
                var target = Evaluate(callBlock.Call.Target, frame);
                var (arguments, named) = EvaluateArguments(callBlock.Call.Arguments, frame);
                named["caller"] = caller;
                Write(output, Values.Str(Invoke(target, arguments, named)));
                return Flow.Normal;
            case FilterBlockNode filterBlock:
                var filtered = new StringBuilder();
                Execute(filterBlock.Body, frame, filtered);
                Write(output, Values.Str(ApplyFilters(filterBlock.Filters, filtered.ToString(), frame)));
                return Flow.Normal;
            case BreakNode:
                return Flow.Break;
            case ContinueNode:
                return Flow.Continue;
            case DoNode doNode:
                Evaluate(doNode.Expression, frame);
                return Flow.Normal;
            case ScopeNode scope:
                return Execute(scope.Body, frame, output);
            default:
                throw new JinjaRuntimeException($"cannot run {node.GetType().Name}");
        }
    }

    private void ExecuteFor(ForNode loop, Frame frame, StringBuilder output, object? iterable, int loopDepth)
    {
        var items = Values.Iterate(iterable).ToList();
        if (loop.Filter is not null)
        {
            items = [.. items.Where(item =>
            {
                var scope = new Frame(frame);
                Bind(scope, loop.Targets, item);
                return Values.Truthy(Evaluate(loop.Filter, scope));
            })];
        }
        if (items.Count == 0)
        {
            if (loop.Otherwise is not null)
            {
                Execute(loop.Otherwise, frame, output);
            }
            return;
        }
        var recurse = loop.Recursive
            ? new BuiltinCallable("loop", (_, arguments, _) =>
            {
                var nested = new StringBuilder();
                ExecuteFor(loop, frame, nested, arguments.Count > 0 ? arguments[0] : null, loopDepth + 1);
                return nested.ToString();
            })
            : null;
        for (var i = 0; i < items.Count; i++)
        {
            CountIteration();
            var scope = new Frame(frame);
            Bind(scope, loop.Targets, items[i]);
            scope.Set("loop", new LoopContext(items, i, loopDepth, recurse));
            if (Execute(loop.Body, scope, output) == Flow.Break)
            {
                break;
            }
        }
    }

    private void Assign(SetNode set, Frame frame)
    {
        var value = Evaluate(set.Value, frame);
        if (set.Namespace is not null)
        {
            var ns = frame.Lookup(set.Namespace) as JinjaNamespace
                ?? throw new JinjaRuntimeException($"cannot assign attribute on non-namespace object '{set.Namespace}'");
            ns.Attributes[set.Targets[0]] = value;
            return;
        }
        Bind(frame, set.Targets, value);
    }

    private static void Bind(Frame frame, IReadOnlyList<string> targets, object? value)
    {
        if (targets.Count == 1)
        {
            frame.Set(targets[0], value);
            return;
        }
        var items = value is IReadOnlyList<object?> list ? list : Values.Iterate(value).ToList();
        if (items.Count != targets.Count)
        {
            throw new JinjaRuntimeException($"cannot unpack {items.Count} values into {targets.Count} names");
        }
        for (var i = 0; i < targets.Count; i++)
        {
            frame.Set(targets[i], items[i]);
        }
    }

    private object? ApplyFilters(IReadOnlyList<(string Name, Arguments Arguments)> filters, object? value, Frame frame)
    {
        foreach (var (name, arguments) in filters)
        {
            var (positional, named) = EvaluateArguments(arguments, frame);
            value = Filters.Apply(this, name, value, positional, named);
        }
        return value;
    }

    private void Write(StringBuilder output, string text)
    {
        output.Append(text);
        if (output.Length > options.MaxOutputLength)
        {
            throw new JinjaRuntimeException($"the template wrote more than {options.MaxOutputLength} characters");
        }
    }

    public object? Evaluate(Expression expression, Frame frame)
    {
        try
        {
            return EvaluateCore(expression, frame);
        }
        catch (JinjaRuntimeException e)
        {
            throw new JinjaException(e.Message, expression.Line, expression.Column, e.RaisedByTemplate);
        }
        catch (InvalidOperationException e) when (e.InnerException is JinjaRuntimeException inner)
        {
            // Sorting wraps the comparer's exception.
            throw new JinjaException(inner.Message, expression.Line, expression.Column);
        }
        catch (OverflowException)
        {
            throw new JinjaException("integer overflow", expression.Line, expression.Column);
        }
    }

    private object? EvaluateCore(Expression expression, Frame frame) => expression switch
    {
        Literal literal => literal.Value,
        ListLiteral list => list.Items.Select(item => Evaluate(item, frame)).ToList(),
        TupleLiteral tuple => tuple.Items.Select(item => Evaluate(item, frame)).ToArray(),
        DictLiteral dict => Dict(dict, frame),
        Variable variable => frame.Lookup(variable.Name),
        Syntax.Attribute attribute => Access.Attribute(Evaluate(attribute.Target, frame), attribute.Name),
        Item item => Access.Item(Evaluate(item.Target, frame), Evaluate(item.Key, frame)),
        Slice slice => Access.Slice(Evaluate(slice.Target, frame), Optional(slice.Start, frame), Optional(slice.Stop, frame), Optional(slice.Step, frame)),
        Call call => CallExpression(call, frame),
        FilterApplication filter => Filter(filter, frame),
        TestApplication test => Test(test, frame),
        Unary unary => UnaryOperation(unary, frame),
        Binary binary => BinaryOperation(binary, frame),
        Comparison comparison => Compare(comparison, frame),
        Conditional conditional => Values.Truthy(Evaluate(conditional.Condition, frame))
            ? Evaluate(conditional.Body, frame)
            : conditional.Otherwise is null ? Undefined.Variable("conditional expression without else") : Evaluate(conditional.Otherwise, frame),
        _ => throw new JinjaRuntimeException($"cannot evaluate {expression.GetType().Name}"),
    };

    private object? Optional(Expression? expression, Frame frame) => expression is null ? null : Evaluate(expression, frame);

    private PyDict Dict(DictLiteral literal, Frame frame)
    {
        var dict = new PyDict();
        foreach (var (key, value) in literal.Entries)
        {
            dict[Evaluate(key, frame) ?? Access.NullKey.Instance] = Evaluate(value, frame);
        }
        return dict;
    }

    private object? CallExpression(Call call, Frame frame)
    {
        var target = Evaluate(call.Target, frame);
        var (arguments, named) = EvaluateArguments(call.Arguments, frame);
        return Invoke(target, arguments, named);
    }

    private object? Invoke(object? target, IReadOnlyList<object?> arguments, Dictionary<string, object?> named) => target switch
    {
        Callable callable => callable.Invoke(this, arguments, named),
        LoopContext { Recurse: { } recurse } => recurse.Invoke(this, arguments, named),
        Undefined undefined => throw undefined.Fail(),
        _ => throw new JinjaRuntimeException($"'{Values.TypeName(target)}' object is not callable"),
    };

    private (List<object?> Positional, Dictionary<string, object?> Named) EvaluateArguments(Arguments arguments, Frame frame) =>
        ([.. arguments.Positional.Select(a => Evaluate(a, frame))], arguments.Named.ToDictionary(n => n.Name, n => Evaluate(n.Value, frame)));

    private object? Filter(FilterApplication filter, Frame frame)
    {
        var value = Evaluate(filter.Target, frame);
        var (arguments, named) = EvaluateArguments(filter.Arguments, frame);
        return Filters.Apply(this, filter.Name, value, arguments, named);
    }

    private bool Test(TestApplication test, Frame frame)
    {
        var value = Evaluate(test.Target, frame);
        var (arguments, _) = EvaluateArguments(test.Arguments, frame);
        return Tests.Apply(this, test.Name, value, arguments) != test.Negated;
    }

    private object? UnaryOperation(Unary unary, Frame frame)
    {
        var operand = Evaluate(unary.Operand, frame);
        return unary.Operator switch
        {
            "not" => !Values.Truthy(operand),
            _ when operand is Undefined undefined => throw undefined.Fail(),
            "-" => operand is double d ? -d : (object)checked(-Values.ToLong(operand)),
            _ => operand is double or long ? operand : Values.ToLong(operand),
        };
    }

    private object? BinaryOperation(Binary binary, Frame frame)
    {
        var left = Evaluate(binary.Left, frame);
        return binary.Operator switch
        {
            "and" => Values.Truthy(left) ? Evaluate(binary.Right, frame) : left,
            "or" => Values.Truthy(left) ? left : Evaluate(binary.Right, frame),
            "~" => Values.Str(left) + Values.Str(Evaluate(binary.Right, frame)),
            _ => Operators.Binary(binary.Operator, left, Evaluate(binary.Right, frame)),
        };
    }

    private bool Compare(Comparison comparison, Frame frame)
    {
        var left = Evaluate(comparison.First, frame);
        foreach (var (op, operand) in comparison.Rest)
        {
            var right = Evaluate(operand, frame);
            if (!Comparisons.Apply(op, left, right))
            {
                return false;
            }
            left = right;
        }
        return true;
    }
}
