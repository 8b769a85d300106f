using System.Globalization;
using System.Text;

namespace InstructLab.Aspire.Jinja.Runtime;

/// <summary>The Python methods templates call on strings, dicts and lists; mutating ones are refused as in a sandbox.</summary>
internal static class Methods
{
    private static readonly HashSet<string> Mutators = ["append", "extend", "insert", "pop", "remove", "clear", "update", "setdefault", "popitem", "sort", "reverse"];

    public static Callable? Bind(object? target, string name) => target switch
    {
        string s => StringMethod(s, name),
        PyDict dict => DictMethod(dict, name),
        IReadOnlyList<object?> list => ListMethod(list, name),
        _ => null,
    };

    private static Callable? StringMethod(string s, string name) => name switch
    {
        "strip" => Method(name, a => Strip(s, Chars(a), true, true)),
        "lstrip" => Method(name, a => Strip(s, Chars(a), true, false)),
        "rstrip" => Method(name, a => Strip(s, Chars(a), false, true)),
        "upper" => Method(name, _ => s.ToUpperInvariant()),
        "lower" => Method(name, _ => s.ToLowerInvariant()),
        "title" => Method(name, _ => Title(s)),
        "capitalize" => Method(name, _ => Capitalize(s)),
        "startswith" => Method(name, a => Affixes(a).Any(p => s.StartsWith(p, StringComparison.Ordinal))),
        "endswith" => Method(name, a => Affixes(a).Any(p => s.EndsWith(p, StringComparison.Ordinal))),
        "replace" => Method(name, a => Replace(s, Text(a, 0), Text(a, 1), a.Count > 2 ? Values.ToLong(a[2]) : -1)),
        "split" => Method(name, (a, n) => Split(s, Separator(a, n), MaxSplit(a, n))),
        "rsplit" => Method(name, (a, n) => RightSplit(s, Separator(a, n), MaxSplit(a, n))),
        "splitlines" => Method(name, _ => s.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n').Where((_, i) => s.Length > 0 || i > 0).Select(x => (object?)x).ToList()),
        "find" => Method(name, a => (long)s.IndexOf(Text(a, 0), StringComparison.Ordinal)),
        "rfind" => Method(name, a => (long)s.LastIndexOf(Text(a, 0), StringComparison.Ordinal)),
        "index" => Method(name, a => s.IndexOf(Text(a, 0), StringComparison.Ordinal) is var i and >= 0 ? (long)i : throw new JinjaRuntimeException("substring not found")),
        "count" => Method(name, a => Count(s, Text(a, 0))),
        "join" => Method(name, a => string.Join(s, Values.Iterate(a.Count > 0 ? a[0] : null).Select(Values.Str))),
        "format" => Method(name, (a, n) => PythonFormat(s, a, n)),
        "removeprefix" => Method(name, a => s.StartsWith(Text(a, 0), StringComparison.Ordinal) ? s[Text(a, 0).Length..] : s),
        "removesuffix" => Method(name, a => Text(a, 0) is var x && x.Length > 0 && s.EndsWith(x, StringComparison.Ordinal) ? s[..^x.Length] : s),
        "partition" => Method(name, a => Partition(s, Text(a, 0), fromEnd: false)),
        "rpartition" => Method(name, a => Partition(s, Text(a, 0), fromEnd: true)),
        "isdigit" => Method(name, _ => s.Length > 0 && s.All(char.IsDigit)),
        "isalpha" => Method(name, _ => s.Length > 0 && s.All(char.IsLetter)),
        "isalnum" => Method(name, _ => s.Length > 0 && s.All(char.IsLetterOrDigit)),
        "isspace" => Method(name, _ => s.Length > 0 && s.All(char.IsWhiteSpace)),
        "isupper" => Method(name, _ => s.Any(char.IsLetter) && !s.Any(char.IsLower)),
        "islower" => Method(name, _ => s.Any(char.IsLetter) && !s.Any(char.IsUpper)),
        "zfill" => Method(name, a => s.PadLeft((int)Values.ToLong(a[0]), '0')),
        "center" => Method(name, a => Center(s, (int)Values.ToLong(a[0]))),
        _ => null,
    };

    private static Callable? DictMethod(PyDict dict, string name) => name switch
    {
        "items" => Method(name, _ => dict.Select(e => (object?)new object?[] { e.Key is Access.NullKey ? null : e.Key, e.Value }).ToList()),
        "keys" => Method(name, _ => dict.Keys.Select(k => k is Access.NullKey ? null : k).ToList()),
        "values" => Method(name, _ => dict.Values.ToList()),
        "get" => Method(name, a => dict.TryGetValue(a.Count > 0 ? a[0] ?? Access.NullKey.Instance : Access.NullKey.Instance, out var v) ? v : a.Count > 1 ? a[1] : null),
        "copy" => Method(name, _ => Copy(dict)),
        _ when Mutators.Contains(name) => Refused("dict", name),
        _ => null,
    };

    private static Callable? ListMethod(IReadOnlyList<object?> list, string name) => name switch
    {
        "index" => Method(name, a => IndexOf(list, a[0])),
        "count" => Method(name, a => (long)list.Count(x => Values.Equal(x, a[0]))),
        "copy" => Method(name, _ => list.ToList()),
        _ when Mutators.Contains(name) => Refused(list is object?[] ? "tuple" : "list", name),
        _ => null,
    };

    private static BuiltinCallable Method(string name, Func<IReadOnlyList<object?>, object?> body) => new(name, (a, _) => body(a));

    private static BuiltinCallable Method(string name, Func<IReadOnlyList<object?>, IReadOnlyDictionary<string, object?>, object?> body) => new(name, body);

    private static BuiltinCallable Refused(string type, string name) =>
        new(name, (_, _) => throw new JinjaRuntimeException($"access to attribute '{name}' of '{type}' object is unsafe: templates cannot change values"));

    private static string Text(IReadOnlyList<object?> arguments, int index) =>
        index < arguments.Count && arguments[index] is string s ? s : throw new JinjaRuntimeException($"argument {index + 1} must be a string");

    private static string? Chars(IReadOnlyList<object?> arguments) => arguments.Count > 0 && arguments[0] is string s ? s : null;

    private static IEnumerable<string> Affixes(IReadOnlyList<object?> arguments) => arguments.Count > 0 && arguments[0] is object?[] tuple
        ? tuple.Select(Values.Str)
        : [Text(arguments, 0)];

    private static string? Separator(IReadOnlyList<object?> a, IReadOnlyDictionary<string, object?> n) =>
        (a.Count > 0 ? a[0] : n.GetValueOrDefault("sep")) is string sep ? sep : null;

    private static long MaxSplit(IReadOnlyList<object?> a, IReadOnlyDictionary<string, object?> n) =>
        a.Count > 1 ? Values.ToLong(a[1]) : n.TryGetValue("maxsplit", out var m) ? Values.ToLong(m) : -1;

    public static string Strip(string s, string? chars, bool left, bool right)
    {
        static bool IsStripped(char c, string? set) => set is null ? char.IsWhiteSpace(c) : set.Contains(c);
        var (start, end) = (0, s.Length);
        while (left && start < end && IsStripped(s[start], chars))
        {
            start++;
        }
        while (right && end > start && IsStripped(s[end - 1], chars))
        {
            end--;
        }
        return s[start..end];
    }

    public static string Title(string s)
    {
        var builder = new StringBuilder(s.Length);
        var previousIsLetter = false;
        foreach (var c in s)
        {
            builder.Append(previousIsLetter ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c));
            previousIsLetter = char.IsLetter(c);
        }
        return builder.ToString();
    }

    public static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant();

    private static string Replace(string s, string old, string replacement, long count)
    {
        if (count < 0)
        {
            return old.Length == 0 ? string.Join(replacement, ["", .. Values.CodePoints(s), ""]) : s.Replace(old, replacement, StringComparison.Ordinal);
        }
        var builder = new StringBuilder();
        var position = 0;
        for (var done = 0L; done < count; done++)
        {
            var found = s.IndexOf(old, position, StringComparison.Ordinal);
            if (found < 0 || old.Length == 0)
            {
                break;
            }
            builder.Append(s, position, found - position).Append(replacement);
            position = found + old.Length;
        }
        return builder.Append(s, position, s.Length - position).ToString();
    }

    private static List<object?> Split(string s, string? separator, long maxSplit)
    {
        if (separator is null)
        {
            var parts = new List<object?>();
            var rest = s.TrimStart();
            while (rest.Length > 0)
            {
                if (maxSplit >= 0 && parts.Count == maxSplit)
                {
                    parts.Add(rest);
                    break;
                }
                var end = 0;
                while (end < rest.Length && !char.IsWhiteSpace(rest[end]))
                {
                    end++;
                }
                parts.Add(rest[..end]);
                rest = rest[end..].TrimStart();
            }
            return parts;
        }
        if (separator.Length == 0)
        {
            throw new JinjaRuntimeException("empty separator");
        }
        return [.. (maxSplit < 0 ? s.Split(separator) : s.Split(separator, (int)maxSplit + 1)).Select(x => (object?)x)];
    }

    private static List<object?> RightSplit(string s, string? separator, long maxSplit)
    {
        if (maxSplit < 0 || separator is null)
        {
            return Split(s, separator, maxSplit);
        }
        var parts = new List<object?>();
        var rest = s;
        while (parts.Count < maxSplit)
        {
            var found = rest.LastIndexOf(separator, StringComparison.Ordinal);
            if (found < 0)
            {
                break;
            }
            parts.Insert(0, rest[(found + separator.Length)..]);
            rest = rest[..found];
        }
        parts.Insert(0, rest);
        return parts;
    }

    private static long Count(string s, string sub)
    {
        if (sub.Length == 0)
        {
            return Values.CodePoints(s).Length + 1;
        }
        var count = 0L;
        for (var i = s.IndexOf(sub, StringComparison.Ordinal); i >= 0; i = s.IndexOf(sub, i + sub.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    private static object?[] Partition(string s, string separator, bool fromEnd)
    {
        var found = fromEnd ? s.LastIndexOf(separator, StringComparison.Ordinal) : s.IndexOf(separator, StringComparison.Ordinal);
        return found < 0
            ? fromEnd ? ["", "", s] : [s, "", ""]
            : [s[..found], separator, s[(found + separator.Length)..]];
    }

    private static string Center(string s, int width)
    {
        var padding = Math.Max(0, width - s.Length);
        var left = padding / 2 + (padding & width & 1);
        return new string(' ', left) + s + new string(' ', padding - left);
    }

    private static long IndexOf(IReadOnlyList<object?> list, object? value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (Values.Equal(list[i], value))
            {
                return i;
            }
        }
        throw new JinjaRuntimeException($"{Values.Repr(value)} is not in list");
    }

    private static PyDict Copy(PyDict dict)
    {
        var copy = new PyDict();
        foreach (var (key, value) in dict)
        {
            copy[key] = value;
        }
        return copy;
    }

    /// <summary>Python's <c>str.format</c> for <c>{}</c>, <c>{0}</c> and <c>{name}</c> fields (format specs are ignored).</summary>
    private static string PythonFormat(string format, IReadOnlyList<object?> arguments, IReadOnlyDictionary<string, object?> named)
    {
        var builder = new StringBuilder();
        var automatic = 0;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if ((c == '{' || c == '}') && i + 1 < format.Length && format[i + 1] == c)
            {
                builder.Append(c);
                i++;
                continue;
            }
            if (c != '{')
            {
                builder.Append(c);
                continue;
            }
            var close = format.IndexOf('}', i);
            if (close < 0)
            {
                throw new JinjaRuntimeException("single '{' encountered in format string");
            }
            var field = format[(i + 1)..close].Split(':')[0].Split('!')[0];
            object? value = field.Length == 0 ? Argument(arguments, automatic++)
                : int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? Argument(arguments, index)
                : named.TryGetValue(field, out var v) ? v : throw new JinjaRuntimeException($"KeyError: '{field}'");
            builder.Append(Values.Str(value));
            i = close;
        }
        return builder.ToString();
    }

    private static object? Argument(IReadOnlyList<object?> arguments, int index) =>
        index < arguments.Count ? arguments[index] : throw new JinjaRuntimeException("Replacement index out of range for positional args tuple");
}
