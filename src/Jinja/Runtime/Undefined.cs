namespace InstructLab.Aspire.Jinja.Runtime;

/// <summary>
/// A missing variable, attribute or item, as Jinja's default <c>Undefined</c>: prints as nothing, is false, iterates
/// as empty; using it further (an attribute of it, arithmetic) is an error with <see cref="Message"/>.
/// </summary>
internal sealed class Undefined(string message)
{
    /// <summary>Why it is undefined: "'x' is undefined", "'dict object' has no attribute 'y'".</summary>
    public string Message { get; } = message;

    public static Undefined Variable(string name) => new($"'{name}' is undefined");

    public JinjaRuntimeException Fail() => new(Message);

    public override string ToString() => "";
}
