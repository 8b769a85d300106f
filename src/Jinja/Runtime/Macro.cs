using System.Text;
using InstructLab.Aspire.Jinja.Syntax;

namespace InstructLab.Aspire.Jinja.Runtime;

/// <summary>A <c>{% macro %}</c>: called, it renders its body with its parameters bound and returns the text.</summary>
internal sealed class Macro(string name, IReadOnlyList<(string Name, Expression? Default)> parameters, IReadOnlyList<Node> body, Frame closure)
    : Callable(name)
{
    public Macro(MacroNode node, Frame closure) : this(node.Name, node.Parameters, node.Body, closure)
    {
    }

    public override object? Invoke(Renderer renderer, IReadOnlyList<object?> arguments, IReadOnlyDictionary<string, object?> named)
    {
        if (arguments.Count > parameters.Count)
        {
            throw new JinjaRuntimeException($"macro '{Name}' takes at most {parameters.Count} argument(s), {arguments.Count} given");
        }
        var frame = new Frame(closure);
        var extra = new PyDict();
        for (var i = 0; i < parameters.Count; i++)
        {
            var (parameter, fallback) = parameters[i];
            frame.Set(parameter, i < arguments.Count ? arguments[i]
                : named.TryGetValue(parameter, out var value) ? value
                : fallback is not null ? renderer.Evaluate(fallback, frame)
                : Undefined.Variable(parameter));
        }
        foreach (var (key, value) in named)
        {
            if (key == "caller")
            {
                frame.Set("caller", value);
            }
            else if (!parameters.Any(p => p.Name == key))
            {
                extra[key] = value;
            }
        }
        frame.Set("varargs", arguments.Skip(parameters.Count).ToList());
        frame.Set("kwargs", extra);
        var output = new StringBuilder();
        renderer.Call(() => renderer.Execute(body, frame, output));
        return output.ToString();
    }
}
