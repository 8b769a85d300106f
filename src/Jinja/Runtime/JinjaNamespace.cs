namespace InstructLab.Aspire.Jinja.Runtime;

/// <summary>What <c>namespace()</c> makes: the one object a template may change, so loops can carry state out.</summary>
internal sealed class JinjaNamespace
{
    public OrderedDictionary<string, object?> Attributes { get; } = new(StringComparer.Ordinal);
}
