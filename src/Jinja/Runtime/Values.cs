using System.Collections;
using System.Globalization;
using System.Text;

namespace InstructLab.Aspire.Jinja.Runtime;

/// <summary>
/// Python's semantics for the values a template sees: None (null), bool, int (long), float (double), str, list
/// (<see cref="List{T}"/>), tuple (array), dict (<see cref="PyDict"/>), plus undefined, namespaces and callables.
/// </summary>
internal static class Values
{
    public static bool Truthy(object? value) => value switch
    {
        null or Undefined => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        ICollection c => c.Count > 0,
        _ => true,
    };

    public static bool IsNumber(object? value) => value is long or double or bool;

    public static double ToDouble(object? value) => value switch
    {
        long l => l,
        double d => d,
        bool b => b ? 1 : 0,
        _ => throw new JinjaRuntimeException($"expected a number, got {TypeName(value)}"),
    };

    public static string TypeName(object? value) => value switch
    {
        null => "NoneType",
        Undefined => "Undefined",
        bool => "bool",
        long => "int",
        double => "float",
        string => "str",
        object?[] => "tuple",
        List<object?> => "list",
        PyDict => "dict",
        JinjaNamespace => "Namespace",
        Callable => "function",
        LoopContext => "LoopContext",
        _ => value.GetType().Name,
    };

    /// <summary>Python's <c>str()</c>, except that undefined prints as nothing.</summary>
    public static string Str(object? value) => value switch
    {
        null => "None",
        Undefined => "",
        string s => s,
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => PyFloat.Format(d),
        object?[] tuple => tuple.Length == 1 ? $"({Repr(tuple[0])},)" : $"({string.Join(", ", tuple.Select(Repr))})",
        List<object?> list => $"[{string.Join(", ", list.Select(Repr))}]",
        PyDict dict => $"{{{string.Join(", ", dict.Select(e => $"{Repr(e.Key)}: {Repr(e.Value)}"))}}}",
        JinjaNamespace ns => $"<Namespace {string.Join(", ", ns.Attributes.Select(a => $"{a.Key}={Repr(a.Value)}"))}>",
        Callable c => $"<function {c.Name}>",
        _ => value.ToString() ?? "",
    };

    /// <summary>Python's <c>repr()</c>.</summary>
    public static string Repr(object? value) => value is string s ? ReprString(s) : Str(value);

    private static string ReprString(string s)
    {
        var quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        var builder = new StringBuilder().Append(quote);
        foreach (var c in s)
        {
            switch (c)
            {
                case '\\': builder.Append(@"\\"); break;
                case '\n': builder.Append(@"\n"); break;
                case '\r': builder.Append(@"\r"); break;
                case '\t': builder.Append(@"\t"); break;
                case var q when q == quote: builder.Append('\\').Append(q); break;
                case < ' ' or '\x7f': builder.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"); break;
                default: builder.Append(c); break;
            }
        }
        return builder.Append(quote).ToString();
    }

    /// <summary>Python's <c>==</c>; Jinja's undefined equals only undefined.</summary>
    public static bool Equal(object? a, object? b)
    {
        if (a is Undefined || b is Undefined)
        {
            return a is Undefined && b is Undefined;
        }
        if (a is null || b is null)
        {
            return a is null && b is null;
        }
        if (IsNumber(a) && IsNumber(b))
        {
            return a is double || b is double ? ToDouble(a) == ToDouble(b) : ToLong(a) == ToLong(b);
        }
        return (a, b) switch
        {
            (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
            (object?[] x, object?[] y) => x.Length == y.Length && x.Zip(y).All(p => Equal(p.First, p.Second)),
            (List<object?> x, List<object?> y) => x.Count == y.Count && x.Zip(y).All(p => Equal(p.First, p.Second)),
            (PyDict x, PyDict y) => x.Count == y.Count && x.All(e => y.TryGetValue(e.Key, out var v) && Equal(e.Value, v)),
            _ => ReferenceEquals(a, b) || a.Equals(b),
        };
    }

    /// <summary>Python's ordering: numbers, strings (by code point), lists and tuples element by element.</summary>
    public static int Compare(object? a, object? b)
    {
        if (IsNumber(a) && IsNumber(b))
        {
            return a is double || b is double ? ToDouble(a).CompareTo(ToDouble(b)) : ToLong(a).CompareTo(ToLong(b));
        }
        return (a, b) switch
        {
            (string x, string y) => string.CompareOrdinal(x, y),
            (IList x, IList y) when x.GetType() == y.GetType() => CompareSequences(x, y),
            _ => throw new JinjaRuntimeException($"'<' is not supported between {TypeName(a)} and {TypeName(b)}"),
        };
    }

    private static int CompareSequences(IList x, IList y)
    {
        for (var i = 0; i < Math.Min(x.Count, y.Count); i++)
        {
            if (!Equal(x[i], y[i]))
            {
                return Compare(x[i], y[i]);
            }
        }
        return x.Count.CompareTo(y.Count);
    }

    public static long ToLong(object? value) => value switch
    {
        long l => l,
        bool b => b ? 1 : 0,
        double d => (long)d,
        _ => throw new JinjaRuntimeException($"expected an integer, got {TypeName(value)}"),
    };

    /// <summary>What a for loop walks: characters of a string, items of a list or tuple, keys of a dict.</summary>
    public static IEnumerable<object?> Iterate(object? value) => value switch
    {
        Undefined => [],
        string s => Characters(s),
        PyDict dict => dict.Keys,
        IEnumerable<object?> items => items,
        null => throw new JinjaRuntimeException("'NoneType' object is not iterable"),
        _ => throw new JinjaRuntimeException($"'{TypeName(value)}' object is not iterable"),
    };

    public static long Length(object? value) => value switch
    {
        string s => CodePoints(s).Length,
        ICollection c => c.Count,
        Undefined => 0,
        _ => throw new JinjaRuntimeException($"object of type '{TypeName(value)}' has no len()"),
    };

    public static IEnumerable<object?> Characters(string s)
    {
        foreach (var rune in s.EnumerateRunes())
        {
            yield return rune.ToString();
        }
    }

    /// <summary>A string as Python indexes it: by code point.</summary>
    public static string[] CodePoints(string s) => s.Any(char.IsSurrogate) ? [.. s.EnumerateRunes().Select(r => r.ToString())] : [.. s.Select(c => c.ToString())];

    /// <summary>Wraps a .NET or JSON value given by the caller into template values.</summary>
    public static object? FromClr(object? value) => value switch
    {
        null or string or bool or long or double or Undefined or PyDict or JinjaNamespace or Callable => value,
        int i => (long)i,
        uint u => (long)u,
        short s => (long)s,
        byte b => (long)b,
        ulong u => checked((long)u),
        float f => (double)f,
        decimal m => (double)m,
        DateTime or DateTimeOffset => Convert.ToString(value, CultureInfo.InvariantCulture),
        System.Text.Json.Nodes.JsonNode node => JsonValues.From(node),
        System.Text.Json.JsonElement element => JsonValues.From(element),
        IDictionary dictionary => ToDict(dictionary),
        object?[] tuple => tuple,
        IEnumerable items => items.Cast<object?>().Select(FromClr).ToList(),
        _ => throw new ArgumentException($"a template cannot use a value of type {value.GetType()}"),
    };

    private static PyDict ToDict(IDictionary dictionary)
    {
        var dict = new PyDict();
        foreach (DictionaryEntry entry in dictionary)
        {
            dict[FromClr(entry.Key)!] = FromClr(entry.Value);
        }
        return dict;
    }
}
