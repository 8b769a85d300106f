using InstructLab.Aspire.Jinja.Syntax;
using Attribute = InstructLab.Aspire.Jinja.Syntax.Attribute;

namespace InstructLab.Aspire.Jinja.Analysis;

/// <summary>
/// The variables a template reads but never assigns, as jinja2.meta.find_undeclared_variables finds them. A name
/// assigned anywhere (set, for, macro parameters) counts as declared everywhere, so the answer never names a
/// variable the template provides itself.
/// </summary>
internal static class UndeclaredVariables
{
    public static IReadOnlyList<TemplateVariable> Find(IReadOnlyList<Node> body, IEnumerable<string> globals)
    {
        var declared = new HashSet<string>(globals, StringComparer.Ordinal) { "loop", "caller", "varargs", "kwargs" };
        var read = new List<TemplateVariable>();
        Walk(body, declared, read);
        return read.Where(v => !declared.Contains(v.Name)).DistinctBy(v => v.Name).ToList();
    }

    private static void Walk(IEnumerable<Node> nodes, HashSet<string> declared, List<TemplateVariable> read)
    {
        foreach (var node in nodes)
        {
            Walk(node, declared, read);
        }
    }

    private static void Walk(Node node, HashSet<string> declared, List<TemplateVariable> read)
    {
        switch (node)
        {
            case OutputNode output: Visit(output.Expression, read); break;
            case IfNode conditional:
                foreach (var (condition, body) in conditional.Branches)
                {
                    Visit(condition, read);
                    Walk(body, declared, read);
                }
                Walk(conditional.Otherwise ?? [], declared, read);
                break;
            case ForNode loop:
                Visit(loop.Iterable, read);
                declared.UnionWith(loop.Targets);
                Visit(loop.Filter, read);
                Walk(loop.Body, declared, read);
                Walk(loop.Otherwise ?? [], declared, read);
                break;
            case SetNode set:
                Visit(set.Value, read);
                if (set.Namespace is null)
                {
                    declared.UnionWith(set.Targets);
                }
                break;
            case SetBlockNode setBlock:
                declared.Add(setBlock.Target);
                Walk(setBlock.Body, declared, read);
                VisitFilters(setBlock.Filters, read);
                break;
            case MacroNode macro:
                declared.Add(macro.Name);
                declared.UnionWith(macro.Parameters.Select(p => p.Name));
                macro.Parameters.ToList().ForEach(p => Visit(p.Default, read));
                Walk(macro.Body, declared, read);
                break;
            case CallBlockNode call:
                Visit(call.Call, read);
                declared.UnionWith(call.Parameters.Select(p => p.Name));
                Walk(call.Body, declared, read);
                break;
            case FilterBlockNode filter:
                VisitFilters(filter.Filters, read);
                Walk(filter.Body, declared, read);
                break;
            case DoNode doNode: Visit(doNode.Expression, read); break;
            case ScopeNode scope: Walk(scope.Body, declared, read); break;
        }
    }

    private static void VisitFilters(IEnumerable<(string Name, Arguments Arguments)> filters, List<TemplateVariable> read)
    {
        foreach (var (_, arguments) in filters)
        {
            Visit(arguments, read);
        }
    }

    private static void Visit(Arguments arguments, List<TemplateVariable> read)
    {
        arguments.Positional.ToList().ForEach(a => Visit(a, read));
        arguments.Named.ToList().ForEach(a => Visit(a.Value, read));
    }

    private static void Visit(Expression? expression, List<TemplateVariable> read)
    {
        switch (expression)
        {
            case null or Literal: break;
            case Variable variable: read.Add(new TemplateVariable(variable.Name, variable.Line, variable.Column)); break;
            case ListLiteral list: list.Items.ToList().ForEach(i => Visit(i, read)); break;
            case TupleLiteral tuple: tuple.Items.ToList().ForEach(i => Visit(i, read)); break;
            case DictLiteral dict:
                foreach (var (key, value) in dict.Entries)
                {
                    Visit(key, read);
                    Visit(value, read);
                }
                break;
            case Attribute attribute: Visit(attribute.Target, read); break;
            case Item item: Visit(item.Target, read); Visit(item.Key, read); break;
            case Slice slice: Visit(slice.Target, read); Visit(slice.Start, read); Visit(slice.Stop, read); Visit(slice.Step, read); break;
            case Call call: Visit(call.Target, read); Visit(call.Arguments, read); break;
            case FilterApplication filter: Visit(filter.Target, read); Visit(filter.Arguments, read); break;
            case TestApplication test: Visit(test.Target, read); Visit(test.Arguments, read); break;
            case Unary unary: Visit(unary.Operand, read); break;
            case Binary binary: Visit(binary.Left, read); Visit(binary.Right, read); break;
            case Comparison comparison:
                Visit(comparison.First, read);
                comparison.Rest.ToList().ForEach(r => Visit(r.Operand, read));
                break;
            case Conditional conditional: Visit(conditional.Body, read); Visit(conditional.Condition, read); Visit(conditional.Otherwise, read); break;
        }
    }
}
