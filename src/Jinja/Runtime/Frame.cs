namespace InstructLab.Aspire.Jinja.Runtime;

/// <summary>Variables of one scope (the template, a loop iteration, a macro call), looked up through the enclosing ones.</summary>
internal sealed class Frame(Frame? parent)
{
    private readonly Frame? parent = parent;
    private readonly Dictionary<string, object?> variables = new(StringComparer.Ordinal);

    public object? Lookup(string name)
    {
        for (var frame = this; frame is not null; frame = frame.parent)
        {
            if (frame.variables.TryGetValue(name, out var value))
            {
                return value;
            }
        }
        return Undefined.Variable(name);
    }

    public void Set(string name, object? value) => variables[name] = value;
}
