namespace InstructLab.Aspire.Jinja.Runtime;

/// <summary>Comparison operators, <c>in</c> included.</summary>
internal static class Comparisons
{
    public static bool Apply(string op, object? left, object? right) => op switch
    {
        "==" => Values.Equal(left, right),
        "!=" => !Values.Equal(left, right),
        "<" => Values.Compare(left, right) < 0,
        "<=" => Values.Compare(left, right) <= 0,
        ">" => Values.Compare(left, right) > 0,
        ">=" => Values.Compare(left, right) >= 0,
        "in" => Contains(right, left),
        "not in" => !Contains(right, left),
        _ => throw new JinjaRuntimeException($"unknown comparison '{op}'"),
    };

    /// <summary>Python's <c>item in container</c>.</summary>
    public static bool Contains(object? container, object? item) => container switch
    {
        string s => item is string sub ? s.Contains(sub, StringComparison.Ordinal) : throw new JinjaRuntimeException($"'in <string>' requires string as left operand, not {Values.TypeName(item)}"),
        PyDict dict => dict.ContainsKey(item ?? Access.NullKey.Instance),
        IEnumerable<object?> items => items.Any(x => Values.Equal(x, item)),
        Undefined u => throw u.Fail(),
        _ => throw new JinjaRuntimeException($"argument of type '{Values.TypeName(container)}' is not iterable"),
    };
}
