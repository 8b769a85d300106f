namespace InstructLab.Aspire.Jinja.Runtime;

/// <summary>
/// <c>x.name</c> and <c>x[key]</c> as Jinja resolves them: an attribute (a method of str, dict or list; a namespace
/// or loop attribute) first and then the item for <c>.</c>, the other way round for <c>[]</c>; missing is undefined.
/// </summary>
internal static class Access
{
    public static object? Attribute(object? target, string name)
    {
        switch (target)
        {
            case Undefined undefined:
                throw undefined.Fail();
            case JinjaNamespace ns:
                return ns.Attributes.TryGetValue(name, out var value) ? value : Missing(target, name);
            case LoopContext loop:
                return loop.Attribute(name);
        }
        return (object?)Methods.Bind(target, name) ?? ItemOrMissing(target, name);
    }

    public static object? Item(object? target, object? key)
    {
        switch (target)
        {
            case Undefined undefined:
                throw undefined.Fail();
            case PyDict dict:
                return dict.TryGetValue(key ?? NullKey.Instance, out var value) ? value
                    : key is string name ? (object?)Methods.Bind(target, name) ?? Missing(target, name) : Missing(target, Values.Repr(key));
            case IReadOnlyList<object?> list when Values.IsNumber(key) && key is not double:
                var index = Values.ToLong(key);
                index = index < 0 ? list.Count + index : index;
                return index >= 0 && index < list.Count ? list[(int)index] : Missing(target, Values.Repr(key));
            case string s when Values.IsNumber(key) && key is not double:
                var characters = Values.CodePoints(s);
                var position = Values.ToLong(key);
                position = position < 0 ? characters.Length + position : position;
                return position >= 0 && position < characters.Length ? characters[position] : Missing(target, Values.Repr(key));
        }
        return key is string attribute ? Attribute(target, attribute) : Missing(target, Values.Repr(key));
    }

    private static object? ItemOrMissing(object? target, string name) =>
        target is PyDict dict && dict.TryGetValue(name, out var value) ? value : Missing(target, name);

    private static Undefined Missing(object? target, string name) =>
        new(target is null ? $"'None' has no attribute '{name}'" : $"'{Values.TypeName(target)} object' has no attribute '{name}'");

    /// <summary>Python <c>x[start:stop:step]</c> of a list, tuple or string.</summary>
    public static object? Slice(object? target, object? start, object? stop, object? step)
    {
        var stride = step is null or Undefined ? 1 : Values.ToLong(step);
        if (stride == 0)
        {
            throw new JinjaRuntimeException("slice step cannot be zero");
        }
        IReadOnlyList<object?> items = target switch
        {
            string s => Values.CodePoints(s),
            IReadOnlyList<object?> list => list,
            Undefined u => throw u.Fail(),
            _ => throw new JinjaRuntimeException($"'{Values.TypeName(target)}' object is not subscriptable"),
        };
        var count = items.Count;
        long Bound(object? value, long whenMissing)
        {
            if (value is null or Undefined)
            {
                return whenMissing;
            }
            var bound = Values.ToLong(value);
            bound = bound < 0 ? bound + count : bound;
            return stride > 0 ? Math.Clamp(bound, 0, count) : Math.Clamp(bound, -1, count - 1);
        }
        var from = Bound(start, stride > 0 ? 0 : count - 1);
        var to = Bound(stop, stride > 0 ? count : -1);
        var picked = new List<object?>();
        for (var i = from; stride > 0 ? i < to : i > to; i += stride)
        {
            picked.Add(items[(int)i]);
        }
        return target switch
        {
            string => string.Concat(picked.Cast<string>()),
            object?[] => picked.ToArray(),
            _ => picked,
        };
    }

    /// <summary>Stands for None as a dict key (dict keys cannot be null in .NET).</summary>
    internal sealed class NullKey
    {
        public static NullKey Instance { get; } = new();
    }
}
