namespace InstructLab.Aspire.Jinja.Runtime;

/// <summary>Something a template can call: a global function, a method bound to a value, a macro.</summary>
internal abstract class Callable(string name)
{
    public string Name { get; } = name;

    public abstract object? Invoke(Renderer renderer, IReadOnlyList<object?> arguments, IReadOnlyDictionary<string, object?> named);
}

/// <summary>A callable written in C#.</summary>
internal sealed class BuiltinCallable(string name, Func<Renderer, IReadOnlyList<object?>, IReadOnlyDictionary<string, object?>, object?> body)
    : Callable(name)
{
    public BuiltinCallable(string name, Func<IReadOnlyList<object?>, IReadOnlyDictionary<string, object?>, object?> body)
        : this(name, (_, arguments, named) => body(arguments, named))
    {
    }

    public override object? Invoke(Renderer renderer, IReadOnlyList<object?> arguments, IReadOnlyDictionary<string, object?> named) =>
        body(renderer, arguments, named);
}
