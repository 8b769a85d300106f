using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace InstructLab.Aspire.Jinja.Runtime;

/// <summary>Jinja's built-in filters that templates use, and Hugging Face's <c>tojson</c>.</summary>
internal static partial class Filters
{
    private static readonly HashSet<string> Known =
    [
        "abs", "attr", "batch", "capitalize", "center", "count", "d", "default", "dictsort", "e", "escape", "first", "float",
        "forceescape", "format", "groupby", "indent", "int", "items", "join", "last", "length", "list", "lower", "map", "max",
        "min", "reject", "rejectattr", "replace", "reverse", "round", "safe", "select", "selectattr", "sort", "string", "sum",
        "title", "tojson", "trim", "truncate", "unique", "upper", "wordcount",
    ];

    public static bool Exists(string name) => Known.Contains(name);

    public static object? Apply(Renderer renderer, string name, object? value, IReadOnlyList<object?> a, IReadOnlyDictionary<string, object?> n)
    {
        object? Arg(int index, string key, object? fallback) => index < a.Count ? a[index] : n.TryGetValue(key, out var v) ? v : fallback;
        bool Flag(int index, string key) => Values.Truthy(Arg(index, key, false));
        if (value is Undefined undefined && name is not ("default" or "d" or "length" or "count" or "list" or "items" or "string" or "join" or "tojson"))
        {
            throw undefined.Fail();
        }
        return name switch
        {
            "abs" => value is double d ? Math.Abs(d) : (object)Math.Abs(Values.ToLong(value)),
            "attr" => Access.Attribute(value, Values.Str(Arg(0, "name", ""))),
            "batch" => Batch(value, (int)Values.ToLong(Arg(0, "linecount", 1L)), Arg(1, "fill_with", null)),
            "capitalize" => Methods.Capitalize(Values.Str(value)),
            "center" => Values.Str(value) is var c ? Center(c, (int)Values.ToLong(Arg(0, "width", 80L))) : null,
            "count" or "length" => Values.Length(value),
            "d" or "default" => value is Undefined || (Flag(1, "boolean") && !Values.Truthy(value)) ? Arg(0, "default_value", "") : value,
            "dictsort" => DictSort(value, Flag(0, "case_sensitive"), Values.Str(Arg(1, "by", "key")), Flag(2, "reverse")),
            "e" or "escape" or "forceescape" => Escape(Values.Str(value)),
            "first" => Values.Iterate(value).FirstOrDefault(Undefined.Variable("first item")),
            "float" => ToFloat(value, Arg(0, "default", 0.0)),
            "format" => PercentFormat.Apply(Values.Str(value), a.Count == 1 ? a[0] : a.ToArray()),
            "groupby" => GroupBy(value, Arg(0, "attribute", null)),
            "indent" => Indent(Values.Str(value), Arg(0, "width", 4L), Flag(1, "first"), Flag(2, "blank")),
            "int" => ToInt(value, Arg(0, "default", 0L), (int)Values.ToLong(Arg(1, "base", 10L))),
            "items" => value is PyDict dict ? dict.Select(e => (object?)new object?[] { e.Key, e.Value }).ToList() : value is Undefined ? new List<object?>() : throw new JinjaRuntimeException("items() needs a dict"),
            "join" => string.Join(Values.Str(Arg(0, "d", "")), Values.Iterate(value).Select(x => Arg(1, "attribute", null) is { } attribute ? Access.Item(x, attribute) : x).Select(Values.Str)),
            "last" => Values.Iterate(value).ToList() is { Count: > 0 } items ? items[^1] : Undefined.Variable("last item"),
            "list" => Values.Iterate(value).ToList(),
            "lower" => Values.Str(value).ToLowerInvariant(),
            "map" => Map(renderer, value, a, n),
            "max" => Extreme(value, Arg(1, "attribute", null), Flag(0, "case_sensitive"), max: true),
            "min" => Extreme(value, Arg(1, "attribute", null), Flag(0, "case_sensitive"), max: false),
            "select" or "reject" => Values.Iterate(value).Where(x => Passes(renderer, x, a, 0) == (name == "select")).ToList(),
            "selectattr" or "rejectattr" => Values.Iterate(value).Where(x => Passes(renderer, Access.Item(x, a[0]), a, 1) == (name == "selectattr")).ToList(),
            "replace" => Replace(Values.Str(value), Values.Str(a[0]), Values.Str(a[1]), a.Count > 2 ? Values.ToLong(a[2]) : n.TryGetValue("count", out var count) && count is not null ? Values.ToLong(count) : -1),
            "reverse" => value is string s ? string.Concat(Values.CodePoints(s).Reverse()) : Values.Iterate(value).Reverse().ToList(),
            "round" => Round(Values.ToDouble(value), (int)Values.ToLong(Arg(0, "precision", 0L)), Values.Str(Arg(1, "method", "common"))),
            "safe" => Values.Str(value),
            "sort" => Sort(value, Flag(0, "reverse"), Flag(1, "case_sensitive"), Arg(2, "attribute", null)),
            "string" => Values.Str(value),
            "sum" => Values.Iterate(value).Select(x => Arg(0, "attribute", null) is { } attribute ? Access.Item(x, attribute) : x)
                .Aggregate(Arg(1, "start", 0L), (total, x) => Operators.Binary("+", total, x)),
            "title" => Methods.Title(Values.Str(value)),
            "tojson" => ToJson(value, Arg(0, "ensure_ascii", false), Arg(1, "indent", null), Arg(2, "separators", null), Flag(3, "sort_keys")),
            "trim" => Methods.Strip(Values.Str(value), Arg(0, "chars", null) as string, true, true),
            "truncate" => Truncate(Values.Str(value), (int)Values.ToLong(Arg(0, "length", 255L)), Flag(1, "killwords"), Values.Str(Arg(2, "end", "...")), Arg(3, "leeway", null)),
            "unique" => Unique(value, Flag(0, "case_sensitive"), Arg(1, "attribute", null)),
            "upper" => Values.Str(value).ToUpperInvariant(),
            "wordcount" => (long)Words().Count(Values.Str(value)),
            _ => throw new JinjaRuntimeException($"no filter named '{name}'"),
        };
    }

    private static bool Passes(Renderer renderer, object? item, IReadOnlyList<object?> arguments, int testAt)
    {
        if (arguments.Count <= testAt)
        {
            return Values.Truthy(item);
        }
        return Tests.Apply(renderer, Values.Str(arguments[testAt]), item, [.. arguments.Skip(testAt + 1)]);
    }

    private static List<object?> Map(Renderer renderer, object? value, IReadOnlyList<object?> a, IReadOnlyDictionary<string, object?> n)
    {
        if (n.TryGetValue("attribute", out var attribute))
        {
            return [.. Values.Iterate(value).Select(x => Access.Item(x, attribute) is Undefined && n.TryGetValue("default", out var d) ? d : Access.Item(x, attribute))];
        }
        var filter = Values.Str(a[0]);
        return [.. Values.Iterate(value).Select(x => Apply(renderer, filter, x, [.. a.Skip(1)], n))];
    }

    private static object? Key(object? item, object? attribute, bool caseSensitive)
    {
        var key = attribute is null ? item : Access.Item(item, attribute);
        return !caseSensitive && key is string s ? s.ToLowerInvariant() : key;
    }

    private static List<object?> Sort(object? value, bool reverse, bool caseSensitive, object? attribute)
    {
        var items = Values.Iterate(value).ToList();
        var comparer = Comparer<object?>.Create((x, y) => Values.Compare(Key(x, attribute, caseSensitive), Key(y, attribute, caseSensitive)));
        var sorted = items.Order(comparer).ToList();
        if (reverse)
        {
            sorted.Reverse();
        }
        return sorted;
    }

    private static List<object?> Unique(object? value, bool caseSensitive, object? attribute)
    {
        var seen = new List<object?>();
        var result = new List<object?>();
        foreach (var item in Values.Iterate(value))
        {
            var key = Key(item, attribute, caseSensitive);
            if (!seen.Any(s => Values.Equal(s, key)))
            {
                seen.Add(key);
                result.Add(item);
            }
        }
        return result;
    }

    private static object? Extreme(object? value, object? attribute, bool caseSensitive, bool max)
    {
        var items = Values.Iterate(value).ToList();
        if (items.Count == 0)
        {
            return Undefined.Variable(max ? "max of an empty sequence" : "min of an empty sequence");
        }
        return items.Aggregate((best, x) =>
        {
            var order = Values.Compare(Key(x, attribute, caseSensitive), Key(best, attribute, caseSensitive));
            return (max ? order > 0 : order < 0) ? x : best;
        });
    }

    private static List<object?> DictSort(object? value, bool caseSensitive, string by, bool reverse)
    {
        var dict = value as PyDict ?? throw new JinjaRuntimeException("dictsort needs a dict");
        var index = by == "value" ? 1 : 0;
        var pairs = dict.Select(e => new object?[] { e.Key, e.Value }).ToList();
        var sorted = pairs.Order(Comparer<object?[]>.Create((x, y) => Values.Compare(Key(x[index], null, caseSensitive), Key(y[index], null, caseSensitive)))).Cast<object?>().ToList();
        if (reverse)
        {
            sorted.Reverse();
        }
        return sorted;
    }

    private static List<object?> GroupBy(object? value, object? attribute)
    {
        var groups = new List<(object? Key, List<object?> Items)>();
        foreach (var item in Values.Iterate(value))
        {
            var key = Access.Item(item, attribute);
            var group = groups.FindIndex(g => Values.Equal(g.Key, key));
            if (group < 0)
            {
                groups.Add((key, [item]));
            }
            else
            {
                groups[group].Items.Add(item);
            }
        }
        return [.. groups.OrderBy(g => g.Key, Comparer<object?>.Create(Values.Compare)).Select(g => (object?)new object?[] { g.Key, g.Items })];
    }

    private static List<object?> Batch(object? value, int size, object? fill)
    {
        var batches = new List<object?>();
        var items = Values.Iterate(value).ToList();
        for (var i = 0; i < items.Count; i += size)
        {
            var batch = items.Skip(i).Take(size).ToList();
            while (fill is not null && batch.Count < size)
            {
                batch.Add(fill);
            }
            batches.Add(batch);
        }
        return batches;
    }

    private static string Indent(string text, object? width, bool first, bool blank)
    {
        var indention = width as string ?? new string(' ', (int)Values.ToLong(width));
        var lines = (text + "\n").ReplaceLineEndings("\n").Split('\n')[..^1];
        string result;
        if (blank)
        {
            result = string.Join("\n" + indention, lines);
        }
        else
        {
            result = lines[0];
            if (lines.Length > 1)
            {
                result += "\n" + string.Join("\n", lines.Skip(1).Select(line => line.Length > 0 ? indention + line : line));
            }
        }
        return first ? indention + result : result;
    }

    private static object? ToInt(object? value, object? fallback, int numberBase) => value switch
    {
        long or bool => Values.ToLong(value),
        double d => (long)Math.Truncate(d),
        string s when numberBase == 10 && long.TryParse(s.Trim().Replace("_", ""), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
        string s when numberBase == 10 && double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => (long)Math.Truncate(d),
        string s when numberBase != 10 && TryParseBase(s.Trim(), numberBase, out var l) => l,
        _ => fallback,
    };

    private static bool TryParseBase(string s, int numberBase, out long value)
    {
        try
        {
            value = Convert.ToInt64(s, numberBase);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            value = 0;
            return false;
        }
    }

    private static object? ToFloat(object? value, object? fallback) => value switch
    {
        long or bool or double => Values.ToDouble(value),
        string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => fallback,
    };

    private static double Round(double value, int precision, string method) => method switch
    {
        "ceil" => Math.Ceiling(value * Math.Pow(10, precision)) / Math.Pow(10, precision),
        "floor" => Math.Floor(value * Math.Pow(10, precision)) / Math.Pow(10, precision),
        _ => Math.Round(value, precision, MidpointRounding.ToEven),
    };

    private static string Replace(string s, string old, string replacement, long count)
    {
        if (count < 0)
        {
            return s.Replace(old, replacement, StringComparison.Ordinal);
        }
        var builder = new StringBuilder();
        var position = 0;
        for (var done = 0L; done < count && old.Length > 0; done++)
        {
            var found = s.IndexOf(old, position, StringComparison.Ordinal);
            if (found < 0)
            {
                break;
            }
            builder.Append(s, position, found - position).Append(replacement);
            position = found + old.Length;
        }
        return builder.Append(s, position, s.Length - position).ToString();
    }

    private static string Truncate(string s, int length, bool killWords, string end, object? leeway)
    {
        var slack = leeway is null ? 5 : (int)Values.ToLong(leeway);
        if (s.Length <= length + slack)
        {
            return s;
        }
        if (killWords)
        {
            return s[..Math.Max(0, length - end.Length)] + end;
        }
        var cut = s[..Math.Max(0, length - end.Length)];
        var space = cut.LastIndexOf(' ');
        return (space > 0 ? cut[..space] : cut) + end;
    }

    private static string Center(string s, int width)
    {
        var padding = Math.Max(0, width - s.Length);
        var left = padding / 2 + (padding & width & 1);
        return new string(' ', left) + s + new string(' ', padding - left);
    }

    private static string ToJson(object? value, object? ensureAscii, object? indent, object? separators, bool sortKeys)
    {
        var (item, key) = separators is IReadOnlyList<object?> { Count: 2 } pair ? (Values.Str(pair[0]), Values.Str(pair[1])) : ((string?)null, (string?)null);
        var json = PythonJson.Dumps(value, indent is null ? null : (int)Values.ToLong(indent), item, key, sortKeys);
        return Values.Truthy(ensureAscii) ? EscapeNonAscii(json) : json;
    }

    private static string EscapeNonAscii(string json)
    {
        var builder = new StringBuilder(json.Length);
        foreach (var c in json)
        {
            builder.Append(c < 0x80 ? c.ToString() : $"\\u{(int)c:x4}");
        }
        return builder.ToString();
    }

    /// <summary>markupsafe's escaping.</summary>
    private static string Escape(string s) =>
        s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("'", "&#39;").Replace("\"", "&#34;");

    [GeneratedRegex(@"\w+")]
    private static partial Regex Words();
}
