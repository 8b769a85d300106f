namespace InstructLab.Aspire.Jinja.Runtime;

/// <summary>The <c>loop</c> variable of a for loop.</summary>
internal sealed class LoopContext(IReadOnlyList<object?> items, int index, int depth, Callable? recurse)
{
    public object? Attribute(string name) => name switch
    {
        "index" => (long)index + 1,
        "index0" => (long)index,
        "revindex" => (long)(items.Count - index),
        "revindex0" => (long)(items.Count - index - 1),
        "first" => index == 0,
        "last" => index == items.Count - 1,
        "length" => (long)items.Count,
        "depth" => (long)depth,
        "depth0" => (long)depth - 1,
        "previtem" => index > 0 ? items[index - 1] : Undefined.Variable("loop.previtem"),
        "nextitem" => index + 1 < items.Count ? items[index + 1] : Undefined.Variable("loop.nextitem"),
        "cycle" => new BuiltinCallable("loop.cycle", (arguments, _) =>
            arguments.Count == 0 ? throw new JinjaRuntimeException("loop.cycle needs at least one value") : arguments[index % arguments.Count]),
        _ => new Undefined($"'LoopContext object' has no attribute '{name}'"),
    };

    /// <summary>Calling <c>loop(children)</c> in a recursive loop.</summary>
    public Callable? Recurse => recurse;
}
